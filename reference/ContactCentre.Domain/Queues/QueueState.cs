using System.Collections.Immutable;
using ContactCentre.Domain.Flows;

namespace ContactCentre.Domain.Queues;

/// <summary>Events a queue persists. Extend only: never change the shape of a persisted event.</summary>
public abstract record QueueEvent(string TicketId);
public sealed record TicketQueued(Ticket Ticket) : QueueEvent(Ticket.Id);
public sealed record TicketClosed(string TicketId, TicketOutcome Outcome, DateTimeOffset At, string Reason) : QueueEvent(TicketId);
/// <summary>The queue turned a ticket away at the door (full, or no agent logged in); it never waited.</summary>
public sealed record TicketRefused(Ticket Ticket, QueueRefusal Exit, DateTimeOffset At, string Reason) : QueueEvent(Ticket.Id);
/// <summary>An answered ticket's call with the agent ended after <paramref name="HandleTime"/> (for wait estimates).</summary>
public sealed record TicketHandled(string TicketId, TimeSpan HandleTime, DateTimeOffset At) : QueueEvent(TicketId);

/// <summary>How a ticket left the queue. Extend only (append): the values are persisted.</summary>
public enum TicketOutcome
{
    Answered,
    Abandoned,
    Lost,
    /// <summary>Waited the queue's maximum wait and took the "overflow" exit.</summary>
    MaxWaitExceeded,
    /// <summary>The last agent logged out and the queue sends its callers to an exit.</summary>
    NoAgents,
}

/// <summary>The waiting tickets of one queue, its statistics and what wait estimates need, rebuilt from its events.</summary>
public sealed record QueueState(string Name, IReadOnlyList<Ticket> Waiting)
{
    /// <summary>How many recent handle times the <see cref="EwtMethod.ErlangC"/> estimate averages.</summary>
    public const int HandleTimeWindow = 20;

    public static QueueState Empty(string name) => Empty(name, QueueSettings.Default);

    public static QueueState Empty(string name, QueueSettings settings) =>
        new(name, []) { Statistics = QueueStatistics.Empty(settings.ServiceLevelThreshold) };

    /// <summary>The product's EWT: (previous EWT + last answered call's wait) / 2 after every answer; zero before any.</summary>
    public TimeSpan AverageEwt { get; init; }

    /// <summary>Handle times of the last <see cref="HandleTimeWindow"/> handled tickets, oldest first.</summary>
    public ImmutableList<TimeSpan> RecentHandleTimes { get; init; } = [];

    public QueueStatistics Statistics { get; init; } = QueueStatistics.Empty(QueueSettings.Default.ServiceLevelThreshold);

    /// <summary>A ticket queued again with the id of one already waiting is ignored: it keeps its first place.</summary>
    public QueueState Apply(QueueEvent e) => e switch
    {
        TicketQueued q when Waiting.All(t => t.Id != q.Ticket.Id) => this with
        {
            Waiting = Waiting.Append(q.Ticket).Order(TicketOrder.Instance).ToList(),
            Statistics = Internal(q.Ticket) ? Statistics : Statistics with { Entered = Statistics.Entered + 1 },
        },
        TicketClosed c when Waiting.FirstOrDefault(t => t.Id == c.TicketId) is { } ticket => Closed(ticket, c),
        TicketRefused r when Internal(r.Ticket) => this,
        TicketRefused => this with { Statistics = Statistics with { Refused = Statistics.Refused + 1 } },
        TicketHandled h => Handled(h.HandleTime),
        _ => this,
    };

    /// <summary>An agent's consultation: it waits like any ticket but is no caller's, so no statistics and no EWT sample.</summary>
    private static bool Internal(Ticket ticket) => ticket.Kind == TicketKind.Consultation;

    private QueueState Closed(Ticket ticket, TicketClosed c)
    {
        if (Internal(ticket)) return this with { Waiting = Waiting.Where(t => t.Id != c.TicketId).ToList() };
        var wait = c.At - ticket.EnteredAt;
        if (wait < TimeSpan.Zero) wait = TimeSpan.Zero;
        return this with
        {
            Waiting = Waiting.Where(t => t.Id != c.TicketId).ToList(),
            Statistics = Statistics.Record(c.Outcome, wait),
            AverageEwt = c.Outcome == TicketOutcome.Answered ? (AverageEwt + wait) / 2 : AverageEwt,
        };
    }

    private QueueState Handled(TimeSpan handleTime)
    {
        var recent = RecentHandleTimes.Add(handleTime);
        return this with { RecentHandleTimes = recent.Count > HandleTimeWindow ? recent.RemoveAt(0) : recent };
    }

    /// <summary>1-based place of a waiting ticket in serving order; null when it does not wait here.</summary>
    public int? PositionOf(string ticketId)
    {
        for (var i = 0; i < Waiting.Count; i++)
            if (Waiting[i].Id == ticketId) return i + 1;
        return null;
    }

    /// <summary>How long the first-come ticket has waited (zero with none waiting).</summary>
    public TimeSpan LongestWait(DateTimeOffset now) =>
        Waiting.Count == 0 ? TimeSpan.Zero : Max(TimeSpan.Zero, now - Waiting.Min(t => t.EnteredAt));

    /// <summary>
    /// After a restart, the calls behind waiting tickets died with the process: close them as lost.
    /// </summary>
    public IReadOnlyList<QueueEvent> CloseLostAfterRestart(DateTimeOffset now) =>
        Waiting.Select(t => (QueueEvent)new TicketClosed(t.Id, TicketOutcome.Lost, now, "the call ended when the contact centre restarted")).ToList();

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}

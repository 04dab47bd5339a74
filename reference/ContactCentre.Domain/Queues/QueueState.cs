namespace ContactCentre.Domain.Queues;

/// <summary>Events a queue persists. Extend only: never change the shape of a persisted event.</summary>
public abstract record QueueEvent(string TicketId);
public sealed record TicketQueued(Ticket Ticket) : QueueEvent(Ticket.Id);
public sealed record TicketClosed(string TicketId, TicketOutcome Outcome, DateTimeOffset At, string Reason) : QueueEvent(TicketId);

public enum TicketOutcome { Answered, Abandoned, Lost }

/// <summary>The waiting tickets of one queue, rebuilt from its events.</summary>
public sealed record QueueState(string Name, IReadOnlyList<Ticket> Waiting)
{
    public static QueueState Empty(string name) => new(name, []);

    public QueueState Apply(QueueEvent e) => e switch
    {
        TicketQueued q when Waiting.All(t => t.Id != q.Ticket.Id) =>
            this with { Waiting = Waiting.Append(q.Ticket).Order(TicketOrder.Instance).ToList() },
        TicketClosed c => this with { Waiting = Waiting.Where(t => t.Id != c.TicketId).ToList() },
        _ => this
    };

    /// <summary>
    /// After a restart, the calls behind waiting tickets died with the process: close them as lost.
    /// </summary>
    public IReadOnlyList<QueueEvent> CloseLostAfterRestart(DateTimeOffset now) =>
        Waiting.Select(t => (QueueEvent)new TicketClosed(t.Id, TicketOutcome.Lost, now, "the call ended when the contact centre restarted")).ToList();
}

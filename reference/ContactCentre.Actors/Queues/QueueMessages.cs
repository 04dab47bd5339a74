using System.Collections.Immutable;
using Akka.Actor;
using ContactCentre.Domain.Flows;
using ContactCentre.Domain.Queues;

namespace ContactCentre.Actors.Queues;

// To the queue
/// <summary>A call enters the queue; <see cref="Variables"/> are what its flow collected, shown to the agent it is offered to.</summary>
public sealed record Enqueue(Ticket Ticket, IActorRef Call)
{
    public IReadOnlyDictionary<string, string> Variables { get; init; } = ImmutableDictionary<string, string>.Empty;

    /// <summary>The skills an agent needs to take this ticket (the flow's queue module's); empty: any agent.</summary>
    public IReadOnlySet<string> Skills { get; init; } = ImmutableHashSet<string>.Empty;
}
public sealed record CloseTicket(string TicketId, TicketOutcome Outcome, string Reason);
/// <summary>Answered with the <see cref="QueueState"/>.</summary>
public sealed record GetWaiting;

/// <summary>
/// From the call, when an answered ticket's call with the agent ends: the handle time feeds the Erlang C wait
/// estimate (without these the queue estimates with the product's average method).
/// </summary>
public sealed record CallHandled(string TicketId, TimeSpan HandleTime);

/// <summary>
/// How many agents serve this queue (logged in, and of those ready), from whoever tracks agents (the router).
/// Until the first one the queue does not know, and its no-agents rule does not apply. <c>AgentCount.Of(queue, presences)</c> counts them.
/// </summary>
public sealed record QueueAgentsChanged(int LoggedIn, int Ready);

/// <summary>Answered with the queue's <see cref="Domain.Queues.QueueOverview"/>.</summary>
public sealed record GetQueueOverview;

/// <summary>Answered with a <see cref="TicketWaitEstimate"/>.</summary>
public sealed record GetWaitEstimate(string TicketId);
/// <summary>The ticket's position and EWT; null when it no longer waits in this queue.</summary>
public sealed record TicketWaitEstimate(string TicketId, WaitEstimate? Estimate);

// From the queue to the call behind a ticket
/// <summary>
/// The queue turned the call away (at entry: full, no agents) or sent it out while it waited (maximum wait, the last
/// agent logged out). The call continues its flow at the queue module's exit:
/// <c>FlowInterpreter.QueueRefused(position, Exit, now)</c>. The ticket is already closed; the router was told.
/// </summary>
public sealed record QueueExitTaken(string TicketId, QueueRefusal Exit, string Reason);

/// <summary>
/// Tell the waiting caller their position and estimated wait ("you are number 3, about 4 minutes"), as the queue's
/// <see cref="AnnouncementPolicy"/> decided: never sooner than its interval, and only when improved if so set.
/// </summary>
public sealed record AnnounceWait(string TicketId, int Position, int EwtMinutes);

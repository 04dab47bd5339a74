using System.Collections.Immutable;
using Akka.Actor;
using ContactCentre.Domain.Queues;

namespace ContactCentre.Actors.Queues;

/// <summary>A call enters the queue; <see cref="Variables"/> are what its flow collected, shown to the agent it is offered to.</summary>
public sealed record Enqueue(Ticket Ticket, IActorRef Call)
{
    public IReadOnlyDictionary<string, string> Variables { get; init; } = ImmutableDictionary<string, string>.Empty;
}
public sealed record CloseTicket(string TicketId, TicketOutcome Outcome, string Reason);
public sealed record GetWaiting;

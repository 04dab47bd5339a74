using Akka.Actor;
using ContactCentre.Domain.Queues;

namespace ContactCentre.Actors.Queues;

public sealed record Enqueue(Ticket Ticket, IActorRef Call);
public sealed record CloseTicket(string TicketId, TicketOutcome Outcome, string Reason);
public sealed record GetWaiting;

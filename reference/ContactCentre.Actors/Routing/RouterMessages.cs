using System.Collections.Immutable;
using Akka.Actor;
using ContactCentre.Domain.Agents;
using ContactCentre.Domain.Queues;

namespace ContactCentre.Actors.Routing;

// To the router
public sealed record TicketWaiting(Ticket Ticket, IActorRef Call)
{
    /// <summary>What the call's flow collected (an input's membership number), for the agent's offer.</summary>
    public IReadOnlyDictionary<string, string> Variables { get; init; } = ImmutableDictionary<string, string>.Empty;
}
public sealed record TicketGone(string TicketId);
public sealed record AgentPresenceChanged(AgentPresence Presence, IActorRef Agent);
public sealed record OfferFailed(string TicketId);
public sealed record OfferAnswered(string TicketId);

// From the router
/// <summary>To a call: ring this agent for your ticket.</summary>
public sealed record OfferCall(Ticket Ticket, AgentPresence Agent, IActorRef AgentActor);
/// <summary>To an agent: a call is being offered to you.</summary>
public sealed record OfferStarted(string TicketId, string Caller, string Queue)
{
    public IReadOnlyDictionary<string, string> Variables { get; init; } = ImmutableDictionary<string, string>.Empty;
}

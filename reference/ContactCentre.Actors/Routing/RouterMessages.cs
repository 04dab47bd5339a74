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

    /// <summary>The skills an agent needs to take this ticket (none: any agent of the queue).</summary>
    public IReadOnlySet<string> Skills { get; init; } = ImmutableHashSet<string>.Empty;
}
public sealed record TicketGone(string TicketId);
public sealed record AgentPresenceChanged(AgentPresence Presence, IActorRef Agent);
/// <summary>
/// The queue actors (queue name → actor): the router tells each <see cref="Queues.QueueAgentsChanged"/> when the
/// agents serving it change. Counts already known are sent at once.
/// </summary>
public sealed record RouterQueues(IReadOnlyDictionary<string, IActorRef> Queues);
/// <summary>The offer failed; with <see cref="AgentId"/> only that agent's offer (a late report of an earlier offer is ignored).</summary>
public sealed record OfferFailed(string TicketId)
{
    public string? AgentId { get; init; }
}
/// <summary>The offer was answered; with <see cref="AgentId"/>, by that agent even if its offer had timed out.</summary>
public sealed record OfferAnswered(string TicketId)
{
    public string? AgentId { get; init; }
}
/// <summary>Asks the router what waits and what rings; answered with <see cref="RoutingSnapshot"/>.</summary>
public sealed record GetRouting;
/// <summary>The tickets waiting (in queue order) and the offers ringing (ticket → agent).</summary>
public sealed record RoutingSnapshot(IReadOnlyList<string> Waiting, IReadOnlyDictionary<string, string> Offers);
/// <summary>From an agent that was offered a ticket while not Ready (its report had crossed the offer).</summary>
public sealed record OfferRefused(string TicketId, AgentPresence Agent, string Reason);

// From the router
/// <summary>To a call, from the agent that took the offer: ring this agent for your ticket.</summary>
public sealed record OfferCall(Ticket Ticket, AgentPresence Agent, IActorRef AgentActor);
/// <summary>
/// To an agent: a call is being offered to you. A Ready agent takes it and sends <see cref="OfferCall"/> to
/// <see cref="Call"/>; any other answers <see cref="OfferRefused"/>.
/// </summary>
public sealed record OfferStarted(string TicketId, string Caller, string Queue)
{
    public IReadOnlyDictionary<string, string> Variables { get; init; } = ImmutableDictionary<string, string>.Empty;
    public Ticket? Ticket { get; init; }
    public IActorRef? Call { get; init; }

    /// <summary>
    /// Not the router's: a transfer or consultation straight to this agent, from <see cref="Call"/>. The agent takes it
    /// whatever queues it serves; a refusal goes to the call (not the router), which stops ringing.
    /// </summary>
    public bool Direct { get; init; }
}
/// <summary>
/// To a call: stop ringing this agent (the offer timed out, the agent logged out or rejected it, or another agent
/// answered). An agent leg answered after this is to be hung up. The call waits on in its queue.
/// </summary>
public sealed record WithdrawOffer(string TicketId, string AgentId, string Reason);

using System.Collections.Immutable;
using Akka.Actor;
using ContactCentre.Domain.Agents;

namespace ContactCentre.Actors.Agents;

// Commands from the desktop
public sealed record Login(AgentDevice Device);
public sealed record Logout(string Reason);
public sealed record SetReady;
/// <summary>A desktop session that wants this agent's notifications.</summary>
public sealed record Subscribe(IActorRef Subscriber);
public sealed record Unsubscribe(IActorRef Subscriber);
public sealed record GetPresence;

// From the call being offered
public sealed record OfferAccepted(string TicketId);
public sealed record OfferNotAccepted(string TicketId, string Reason);
public sealed record AgentCallEnded(string TicketId);

// From an outbound call the agent placed: Busy for its duration
public sealed record OutboundCallStarted(string CallId);
public sealed record OutboundCallEnded(string CallId);

// Notifications to subscribers
public sealed record AgentStateChanged(string AgentId, AgentStatus Status, DateTimeOffset At);
public sealed record AgentOffered(string AgentId, string TicketId, string Caller, string Queue)
{
    /// <summary>What the caller's flow collected (e.g. membershipNumber), shown with the offer.</summary>
    public IReadOnlyDictionary<string, string> Variables { get; init; } = ImmutableDictionary<string, string>.Empty;
}

// Persisted events. Extend only: never change the shape of a persisted event.
public abstract record AgentEvent;
public sealed record AgentLoggedIn(AgentDevice Device, DateTimeOffset At) : AgentEvent;
public sealed record AgentLoggedOut(string Reason, DateTimeOffset At) : AgentEvent;

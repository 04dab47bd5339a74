using System.Collections.Immutable;
using Akka.Actor;
using ContactCentre.Domain.Agents;

namespace ContactCentre.Actors.Agents;

// Commands from the desktop
/// <summary>Log in with a device; <see cref="Queues"/> chooses among the agent's queues (all when empty).</summary>
public sealed record Login(AgentDevice Device)
{
    public IReadOnlyList<string>? Queues { get; init; }
}
/// <summary>Log out; <see cref="By"/> is the supervisor who logs the agent out (null: the agent itself).</summary>
public sealed record Logout(string Reason)
{
    public string? By { get; init; }
}
public sealed record SetReady;
/// <summary>Pause with a reason from the configured list.</summary>
public sealed record Pause(string Reason);
/// <summary>End wrap-up before its time.</summary>
public sealed record EndWrapUp;
/// <summary>The agent refuses the call ringing it: the agent becomes No answer and the call goes to the next agent.</summary>
public sealed record RejectOfferedTicket(string TicketId);
/// <summary>To a supervisor's own agent: log <paramref name="AgentId"/> (the actor <paramref name="Agent"/>) out; refused unless a supervisor.</summary>
public sealed record LogoutAgent(string AgentId, IActorRef Agent, string Reason);
/// <summary>A desktop session that wants this agent's notifications.</summary>
public sealed record Subscribe(IActorRef Subscriber);
public sealed record Unsubscribe(IActorRef Subscriber);
public sealed record GetPresence;

// From the call being offered
public sealed record OfferAccepted(string TicketId);
/// <summary>
/// The offer ended unanswered. <see cref="Outcome"/> says whose doing it was; when null it is read from the reason
/// ("caller hung up" is not the agent's; "no answer…", "cancelled" and 408/480/487 are no-answers; 486/603 are
/// rejects; anything else is an error of the device).
/// </summary>
public sealed record OfferNotAccepted(string TicketId, string Reason)
{
    public OfferOutcome? Outcome { get; init; }
}
public sealed record AgentCallEnded(string TicketId);

// From an outbound or non-queue call (call control)
/// <summary>
/// The agent is on an outbound or non-queue call: Busy, and offered nothing, until <see cref="AgentBusyEnded"/>. The
/// agent answers its <see cref="AgentPresence"/> (Busy, with the device to ring) or <see cref="AgentBusyRefused"/>
/// (an offer rings, another call goes on, not logged in): the call rings nothing before that answer, so an offer
/// that reached the agent first wins and an agent never has two calls.
/// </summary>
public sealed record AgentBusy(string CallId, string What);
/// <summary>The agent cannot take the call of <see cref="AgentBusy"/>; <paramref name="Agent"/> says what it is doing.</summary>
public sealed record AgentBusyRefused(string CallId, AgentPresence Agent, string Reason);
public sealed record AgentBusyEnded(string CallId);

// Notifications to subscribers
public sealed record AgentStateChanged(string AgentId, AgentStatus Status, DateTimeOffset At)
{
    public string? PauseReason { get; init; }
    public IReadOnlyList<string> Queues { get; init; } = [];
}
public sealed record AgentOffered(string AgentId, string TicketId, string Caller, string Queue)
{
    /// <summary>What the caller's flow collected (e.g. membershipNumber), shown with the offer.</summary>
    public IReadOnlyDictionary<string, string> Variables { get; init; } = ImmutableDictionary<string, string>.Empty;
}
/// <summary>Reply to a command the agent's state refuses; the reason names the command and why.</summary>
public sealed record AgentCommandRefused(string Reason);

// Persisted events of the walking skeleton, still read from old journals. Extend only: never change the shape of a
// persisted event. New journals hold the domain's AgentStateEvent records (ContactCentre.Domain.Agents).
public abstract record AgentEvent;
public sealed record AgentLoggedIn(AgentDevice Device, DateTimeOffset At) : AgentEvent;
public sealed record AgentLoggedOut(string Reason, DateTimeOffset At) : AgentEvent;

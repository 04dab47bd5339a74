using Akka.Actor;

namespace ContactCentre.Actors.Calls;

/// <summary>Where a transfer or a consultation goes: an agent (by id), a queue (by name) or a number (dialled out through a trunk).</summary>
public sealed record TransferTarget(TransferTargetKind Kind, string Value)
{
    public override string ToString() => $"{Kind.ToString().ToLowerInvariant()} {Value}";
}

public enum TransferTargetKind
{
    Agent,
    Queue,
    Number,
}

/// <summary>
/// What an agent does with the call it is on, from the desktop (docs/agent-protocol.md, "Call control"). Sent to
/// <see cref="AgentCallsActor"/>, which hands it to the agent's call; a refusal comes back as <see cref="CallControlRefused"/>.
/// </summary>
public abstract record CallControl(string AgentId)
{
    /// <summary>The desktop message's type, for errors that name it.</summary>
    public abstract string Verb { get; }
}

public sealed record AnswerOffer(string AgentId) : CallControl(AgentId) { public override string Verb => "answer"; }
public sealed record RejectOffer(string AgentId) : CallControl(AgentId) { public override string Verb => "reject"; }
public sealed record HangUp(string AgentId) : CallControl(AgentId) { public override string Verb => "hangup"; }
public sealed record HoldCall(string AgentId) : CallControl(AgentId) { public override string Verb => "hold"; }
public sealed record UnholdCall(string AgentId) : CallControl(AgentId) { public override string Verb => "unhold"; }
public sealed record MuteAgent(string AgentId) : CallControl(AgentId) { public override string Verb => "mute"; }
public sealed record UnmuteAgent(string AgentId) : CallControl(AgentId) { public override string Verb => "unmute"; }
public sealed record SendDtmf(string AgentId, string Digits) : CallControl(AgentId) { public override string Verb => "dtmf"; }
public sealed record BlindTransfer(string AgentId, TransferTarget To) : CallControl(AgentId) { public override string Verb => "transfer"; }
public sealed record StartConsult(string AgentId, TransferTarget To) : CallControl(AgentId) { public override string Verb => "consult"; }
public sealed record CompleteTransfer(string AgentId) : CallControl(AgentId) { public override string Verb => "completeTransfer"; }
public sealed record CancelConsult(string AgentId) : CallControl(AgentId) { public override string Verb => "cancelConsult"; }

/// <summary>An outbound call: the agent's device rings first, then <paramref name="Number"/> through a trunk.</summary>
public sealed record PlaceCall(string AgentId, string Number) : CallControl(AgentId) { public override string Verb => "call"; }

/// <summary>The reply to a <see cref="CallControl"/> that cannot be done now; the message names the command and why.</summary>
public sealed record CallControlRefused(string Message);

/// <summary>Desktops that want the calls of an agent (its <see cref="AgentCallUpdate"/>s).</summary>
public sealed record WatchAgentCalls(string AgentId, IActorRef Subscriber);
public sealed record UnwatchAgentCalls(string AgentId, IActorRef Subscriber);

// From the calls to AgentCallsActor
/// <summary>A call now involves the agent (offered, transferred to, or placed by it): its call control goes to <paramref name="Call"/>.</summary>
public sealed record AgentOnCall(string AgentId, string CallId, IActorRef Call);
public sealed record AgentOffCall(string AgentId, string CallId);

public enum CallState
{
    Ringing,
    Connected,
    Held,
    Consulting,
    Ended,
}

/// <summary>
/// How an agent's call stands, for the desktop: <paramref name="Party"/> is who the agent talks to (the caller, or the
/// number dialled), <paramref name="Direction"/> inbound or outbound; <paramref name="Reason"/> says why it ended.
/// </summary>
public sealed record AgentCallUpdate(string AgentId, string CallId, string Direction, string Party, CallState State, bool Muted, string? Reason = null)
{
    /// <summary>Who the agent consults, while <see cref="State"/> is <see cref="CallState.Consulting"/>.</summary>
    public string? Consulting { get; init; }
}

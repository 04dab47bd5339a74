namespace ContactCentre.Domain.Agents;

/// <summary>
/// A change of an agent's state, with its time (for statistics and the wallboard). The agent actor persists
/// these. Extend only: never change the shape of a persisted event.
/// </summary>
public abstract record AgentStateEvent(DateTimeOffset At);

/// <summary>Logged in (or, when already logged in, changed device or queues).</summary>
public sealed record LoggedIn(AgentDevice Device, IReadOnlyList<string> Queues, DateTimeOffset At) : AgentStateEvent(At);

/// <summary>Logged out; <paramref name="By"/> is who did it: the agent itself (null), a supervisor's id, or "system".</summary>
public sealed record LoggedOut(string Reason, string? By, DateTimeOffset At) : AgentStateEvent(At);

/// <summary>Ready for calls; <paramref name="Why"/> says what made the agent ready (e.g. "wrap-up ended").</summary>
public sealed record BecameReady(string Why, DateTimeOffset At) : AgentStateEvent(At);

public sealed record OfferRinging(string TicketId, string Queue, DateTimeOffset At) : AgentStateEvent(At);

/// <summary>An offer ended without the agent: <paramref name="Outcome"/> says whose doing it was.</summary>
public sealed record OfferMissed(string TicketId, OfferOutcome Outcome, string Reason, DateTimeOffset At) : AgentStateEvent(At);

public sealed record CallConnected(string TicketId, DateTimeOffset At) : AgentStateEvent(At);

public sealed record WrapUpStarted(string TicketId, string Queue, DateTimeOffset Ends, DateTimeOffset At) : AgentStateEvent(At);

/// <summary>Paused; <paramref name="Automatic"/> when the rules paused the agent (consecutive no-answers).</summary>
public sealed record PauseStarted(string Reason, bool Automatic, DateTimeOffset At) : AgentStateEvent(At);

/// <summary>On an outbound or non-queue call.</summary>
public sealed record BusyStarted(string CallId, string What, DateTimeOffset At) : AgentStateEvent(At);

/// <summary>
/// The outbound or non-queue call ended and the agent went back to <paramref name="Status"/>, its state before the
/// call (Paused with <see cref="PauseReason"/>, WrapUp until <see cref="WrapUpEnds"/> for <see cref="Queue"/>, or
/// NoAnswer). A return to Ready is a <see cref="BecameReady"/>.
/// </summary>
public sealed record BusyEnded(string CallId, AgentStatus Status, DateTimeOffset At) : AgentStateEvent(At)
{
    public string? PauseReason { get; init; }
    public string? Queue { get; init; }
    public DateTimeOffset? WrapUpEnds { get; init; }
}

public enum OfferOutcome
{
    /// <summary>Rang until the offer timeout.</summary>
    NoAnswer,
    /// <summary>The agent refused it.</summary>
    Rejected,
    /// <summary>The device could not be rung (unreachable, not registered, browser closed).</summary>
    Error,
    /// <summary>Not the agent's doing: the caller hung up, the call was answered elsewhere.</summary>
    Withdrawn,
}

using System.Collections.Immutable;

namespace ContactCentre.Domain.Flows;

/// <summary>What the call must do next, decided by the <see cref="FlowInterpreter"/>.</summary>
public abstract record FlowAction;

/// <summary>
/// Play prompts (each names an audio file in the library; a missing one is the host's to report). When
/// <paramref name="AwaitDigit"/>, a digit is then awaited for <paramref name="DigitTimeout"/> after the prompts end.
/// </summary>
public sealed record PlayPrompts(IReadOnlyList<string> Prompts, bool AwaitDigit, TimeSpan DigitTimeout) : FlowAction
{
    /// <summary>Whether a digit pressed during the prompts interrupts them and counts (barge-in).</summary>
    public bool BargeIn { get; init; } = AwaitDigit;
}

/// <summary>Enter a queue after the prompts; <paramref name="Callback"/> is the queue's callback offer.</summary>
public sealed record EnterQueue(string Queue, int Priority, IReadOnlyList<string> Prompts) : FlowAction
{
    public CallbackOffer Callback { get; init; } = CallbackOffer.None;

    /// <summary>The skills an agent needs to take the call (see <see cref="QueueModule.Skills"/>).</summary>
    public IReadOnlyList<string> Skills { get; init; } = [];
}

/// <summary>Transfer the caller out through a trunk to an E.164 number; <paramref name="Trunk"/> null for the default trunk.</summary>
public sealed record TransferToNumber(string Number, string? Trunk) : FlowAction;

/// <summary>Hang up the caller.</summary>
public sealed record HangUpCall(string Reason) : FlowAction;

/// <summary>
/// Where a call is in its flow: the flow and module, the retries used in it, the modules entered so far (the loop
/// guard), the call's variables (input values an agent is shown) and the digits of an input being entered.
/// </summary>
public sealed record FlowPosition(string Flow, string Module, int Attempts, int Steps)
{
    public ImmutableDictionary<string, string> Variables { get; init; } = ImmutableDictionary<string, string>.Empty;

    /// <summary>Digits collected so far by an input module.</summary>
    public string Digits { get; init; } = "";

    /// <summary>An input module has read the digits back and waits for # (confirm) or * (re-enter).</summary>
    public bool Confirming { get; init; }
}

public sealed record FlowStep(FlowPosition Position, FlowAction Action);

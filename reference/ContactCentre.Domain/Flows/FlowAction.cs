namespace ContactCentre.Domain.Flows;

/// <summary>What the call must do next, decided by the <see cref="FlowInterpreter"/>.</summary>
public abstract record FlowAction;

/// <summary>Play prompts; when <paramref name="AwaitDigit"/> a digit interrupts them and is then awaited for <paramref name="DigitTimeout"/>.</summary>
public sealed record PlayPrompts(IReadOnlyList<string> Prompts, bool AwaitDigit, TimeSpan DigitTimeout) : FlowAction;

/// <summary>Enter a queue after the prompts.</summary>
public sealed record EnterQueue(string Queue, int Priority, IReadOnlyList<string> Prompts) : FlowAction;

/// <summary>Hang up the caller.</summary>
public sealed record HangUpCall(string Reason) : FlowAction;

/// <summary>Where a call is in its flow: the module, the attempts used in a menu, and the steps taken.</summary>
public sealed record FlowPosition(string Module, int Attempts, int Steps);

public sealed record FlowStep(FlowPosition Position, FlowAction Action);

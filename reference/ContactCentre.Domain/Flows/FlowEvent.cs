namespace ContactCentre.Domain.Flows;

/// <summary>What happened to a call in its flow; the interpreter turns (position, event, now) into the next step.</summary>
public abstract record FlowEvent
{
    private FlowEvent() { }

    /// <summary>The call was answered and its flow begins.</summary>
    public sealed record Started : FlowEvent;

    /// <summary>The prompts of the last <see cref="PlayPrompts"/> finished without being interrupted.</summary>
    public sealed record PromptsFinished : FlowEvent;

    /// <summary>The caller pressed a keypad digit (0-9, *, #).</summary>
    public sealed record Digit(char Key) : FlowEvent;

    /// <summary>No digit came within the timeout of the last <see cref="PlayPrompts"/>.</summary>
    public sealed record DigitTimeout : FlowEvent;

    /// <summary>The queue the call tried to enter turned it away.</summary>
    public sealed record QueueRefused(QueueRefusal Reason) : FlowEvent;
}

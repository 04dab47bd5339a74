namespace ContactCentre.Domain.Flows;

/// <summary>
/// Pure interpreter of a <see cref="Flow"/>: given where a call is and what happened, it says what to do next.
/// The call actor drives it, on the wire and in virtual time alike.
/// </summary>
public sealed class FlowInterpreter(Flow flow, int maxSteps = 100)
{
    public Flow Flow { get; } = flow;

    public FlowStep Start() => Enter(Flow.Start, steps: 0);

    /// <summary>The prompts of the current module finished without a digit.</summary>
    public FlowStep PromptsFinished(FlowPosition position) => Flow.Module(position.Module) switch
    {
        MessageModule message => Enter(message.Next, position.Steps),
        // A menu whose prompts ended keeps waiting for the digit; the timeout is the call actor's timer.
        MenuModule menu => new FlowStep(position, new PlayPrompts([], AwaitDigit: true, menu.Timeout)),
        var other => throw new InvalidOperationException($"Module '{other.Name}' does not play prompts.")
    };

    public FlowStep Digit(FlowPosition position, char digit)
    {
        if (Flow.Module(position.Module) is not MenuModule menu)
            return new FlowStep(position, NoChange);
        if (menu.Options.TryGetValue(digit, out var next))
            return Enter(next, position.Steps);
        return Retry(menu, position, menu.InvalidPrompts);
    }

    public FlowStep DigitTimeout(FlowPosition position) =>
        Flow.Module(position.Module) is MenuModule menu ? Retry(menu, position, []) : new FlowStep(position, NoChange);

    /// <summary>The action that means "carry on with what you are doing".</summary>
    public static readonly FlowAction NoChange = new PlayPrompts([], AwaitDigit: false, TimeSpan.Zero);

    private FlowStep Retry(MenuModule menu, FlowPosition position, IReadOnlyList<string> before)
    {
        var attempts = position.Attempts + 1;
        if (attempts > menu.Retries)
            return Enter(menu.OnFailure, position.Steps);
        var prompts = before.Concat(menu.Prompts).ToList();
        return new FlowStep(position with { Attempts = attempts }, new PlayPrompts(prompts, AwaitDigit: true, menu.Timeout));
    }

    private FlowStep Enter(string moduleName, int steps)
    {
        var position = new FlowPosition(moduleName, Attempts: 0, Steps: steps + 1);
        // Guard against flows whose exits form a loop: a call takes at most maxSteps modules.
        if (position.Steps > maxSteps)
            return new FlowStep(position, new HangUpCall($"flow '{Flow.Name}' exceeded {maxSteps} steps"));

        return Flow.Module(moduleName) switch
        {
            MessageModule m => new FlowStep(position, new PlayPrompts(m.Prompts, AwaitDigit: false, TimeSpan.Zero)),
            MenuModule m => new FlowStep(position, new PlayPrompts(m.Prompts, AwaitDigit: true, m.Timeout)),
            QueueModule q => new FlowStep(position, new EnterQueue(q.Queue, q.Priority, q.Prompts)),
            HangUpModule => new FlowStep(position, new HangUpCall("flow ended")),
            var other => throw new InvalidOperationException($"Unknown module type {other.GetType().Name}.")
        };
    }
}

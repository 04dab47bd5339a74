using NodaTime;

namespace ContactCentre.Domain.Flows;

/// <summary>
/// Pure interpreter of a <see cref="Flow"/>: given where a call is, what happened and the current instant, it says
/// what to do next. The call actor drives it, on the wire and in virtual time alike.
/// </summary>
/// <param name="maxSteps">Modules a call may enter before it is hung up: the guard against flows whose exits loop.</param>
/// <param name="otherFlows">Finds the flow a go-to module names; null when the call cannot leave its flow.</param>
public sealed class FlowInterpreter(Flow flow, int maxSteps = 100, Func<string, Flow?>? otherFlows = null)
{
    public Flow Flow { get; } = flow;

    /// <summary>The action that means "carry on with what you are doing".</summary>
    public static readonly FlowAction NoChange = new PlayPrompts([], AwaitDigit: false, TimeSpan.Zero);

    public FlowStep Start(Instant now) => Enter(Flow, Flow.Start, new FlowPosition(Flow.Name, Flow.Start, 0, 0), now);

    public FlowStep Handle(FlowPosition position, FlowEvent happened, Instant now) => happened switch
    {
        FlowEvent.Started => Start(now),
        FlowEvent.PromptsFinished => PromptsFinished(position, now),
        FlowEvent.Digit d => Digit(position, d.Key, now),
        FlowEvent.DigitTimeout => DigitTimeout(position, now),
        FlowEvent.QueueRefused r => QueueRefused(position, r.Reason, now),
        _ => throw new ArgumentOutOfRangeException(nameof(happened), happened, "Unknown flow event."),
    };

    /// <summary>The prompts of the current module finished without a digit.</summary>
    public FlowStep PromptsFinished(FlowPosition position, Instant now) => ModuleAt(position) switch
    {
        MessageModule message => message.Then switch
        {
            MessageExit.ToModule m => Enter(FlowAt(position), m.Module, position, now),
            MessageExit.ToNumber n => new FlowStep(position, new TransferToNumber(n.Number, n.Trunk)),
            MessageExit.ToQueue q => new FlowStep(position, new EnterQueue(q.Queue, q.Priority, [])),
            _ => new FlowStep(position, new HangUpCall("flow ended")),
        },
        // A menu or input whose prompts ended keeps waiting for the digit; the timeout is the call actor's timer.
        MenuModule menu => new FlowStep(position, new PlayPrompts([], AwaitDigit: true, menu.Timeout)),
        InputModule input => new FlowStep(position, new PlayPrompts([], AwaitDigit: true, input.Timeout)),
        _ => new FlowStep(position, NoChange),
    };

    public FlowStep Digit(FlowPosition position, char digit, Instant now) => ModuleAt(position) switch
    {
        MenuModule menu when menu.Options.TryGetValue(digit, out var next) => Enter(FlowAt(position), next, position, now),
        MenuModule menu => RetryMenu(menu, position, menu.InvalidPrompts, now),
        InputModule input => new InputSteps(this, input, position, now).Digit(digit),
        _ => new FlowStep(position, NoChange),
    };

    public FlowStep DigitTimeout(FlowPosition position, Instant now) => ModuleAt(position) switch
    {
        MenuModule menu => RetryMenu(menu, position, menu.TimeoutPrompts, now),
        InputModule input => new InputSteps(this, input, position, now).Retry([]),
        _ => new FlowStep(position, NoChange),
    };

    /// <summary>The queue turned the call away: it takes the queue module's Full or Overflow exit, or is hung up without one.</summary>
    public FlowStep QueueRefused(FlowPosition position, QueueRefusal reason, Instant now)
    {
        if (ModuleAt(position) is not QueueModule queue)
            return new FlowStep(position, NoChange);
        var exit = reason == QueueRefusal.Full ? queue.OnFull : queue.OnOverflow;
        return exit is null
            ? new FlowStep(position, new HangUpCall($"queue '{queue.Queue}' refused the call ({reason.ToString().ToLowerInvariant()})"))
            : Enter(FlowAt(position), exit, position, now);
    }

    private FlowStep RetryMenu(MenuModule menu, FlowPosition position, IReadOnlyList<string> before, Instant now)
    {
        var attempts = position.Attempts + 1;
        if (attempts > menu.Retries)
            return Enter(FlowAt(position), menu.OnFailure, position, now);
        var prompts = before.Concat(menu.Prompts).ToList();
        return new FlowStep(position with { Attempts = attempts }, new PlayPrompts(prompts, AwaitDigit: true, menu.Timeout) { BargeIn = menu.BargeIn });
    }

    /// <summary>Enters a module; modules that only decide (opening hours, go to) lead straight on, each counting a step.</summary>
    internal FlowStep Enter(Flow current, string moduleName, FlowPosition from, Instant now)
    {
        var position = new FlowPosition(current.Name, moduleName, Attempts: 0, Steps: from.Steps + 1) { Variables = from.Variables };
        if (position.Steps > maxSteps)
            return new FlowStep(position, new HangUpCall($"flow '{current.Name}' exceeded {maxSteps} steps at module '{moduleName}' (its exits loop)"));

        return current.Module(moduleName) switch
        {
            MessageModule m => new FlowStep(position, new PlayPrompts(m.Prompts, AwaitDigit: false, TimeSpan.Zero)),
            MenuModule m => new FlowStep(position, new PlayPrompts(m.Prompts, AwaitDigit: true, m.Timeout) { BargeIn = m.BargeIn }),
            InputModule m => new FlowStep(position, new PlayPrompts(m.Prompts, AwaitDigit: true, m.Timeout)),
            QueueModule q => new FlowStep(position, new EnterQueue(q.Queue, q.Priority, q.Prompts) { Callback = q.Callback, Skills = q.Skills }),
            TransferModule t => new FlowStep(position, new TransferToNumber(t.Number, t.Trunk)),
            HangUpModule => new FlowStep(position, new HangUpCall("flow ended")),
            OpeningHoursModule h => Enter(current, h.ExitFor(h.Hours.StateAt(now)), position, now),
            GoToModule { Module: { } next } => Enter(current, next, position, now),
            GoToModule g => otherFlows?.Invoke(g.Flow!) is { } other
                ? Enter(other, other.Start, position, now)
                : new FlowStep(position, new HangUpCall($"flow '{current.Name}', module '{g.Name}' goes to unknown flow '{g.Flow}'")),
            var other => throw new InvalidOperationException($"Unknown module type {other.GetType().Name}."),
        };
    }

    private Flow FlowAt(FlowPosition position) =>
        position.Flow == Flow.Name ? Flow
        : otherFlows?.Invoke(position.Flow) ?? throw new InvalidOperationException($"The call is in unknown flow '{position.Flow}'.");

    private FlowModule ModuleAt(FlowPosition position) => FlowAt(position).Module(position.Module);

    /// <summary>The steps of an input module: collect digits, read them back, confirm with # or re-enter with *.</summary>
    private readonly record struct InputSteps(FlowInterpreter Interpreter, InputModule Input, FlowPosition Position, Instant Now)
    {
        public FlowStep Digit(char digit)
        {
            if (Position.Confirming)
                return digit switch
                {
                    '#' => Interpreter.Enter(Interpreter.FlowAt(Position), Input.Done,
                        Position with { Variables = Position.Variables.SetItem(Input.Variable, Position.Digits) }, Now),
                    // Re-entering uses a retry, so the retries bound how often a caller goes round.
                    '*' => Retry([], startOver: true),
                    _ => Retry(Input.InvalidPrompts),
                };

            if (char.IsAsciiDigit(digit))
            {
                var digits = Position.Digits + digit;
                var complete = digits.Length == (Input.Length ?? Input.MaxLength);
                return complete ? Collected(digits) : Waiting(Position with { Digits = digits }, []);
            }
            return digit switch
            {
                '#' when Input.Length is null && Position.Digits.Length >= Input.MinLength => Collected(Position.Digits),
                // * while typing starts the entry over; it is the caller correcting a slip, not a failed attempt.
                '*' => Waiting(Position with { Digits = "" }, Input.Prompts),
                _ => Retry(Input.InvalidPrompts),
            };
        }

        /// <summary>
        /// A timeout, a wrong key or a re-entry uses one retry (Failed when none are left). While confirming, the digits
        /// are read back again unless the caller asked to start over; otherwise the entry starts over.
        /// </summary>
        public FlowStep Retry(IReadOnlyList<string> before, bool startOver = false)
        {
            var attempts = Position.Attempts + 1;
            if (attempts > Input.Retries)
                return Interpreter.Enter(Interpreter.FlowAt(Position), Input.Failed, Position, Now);
            if (Position.Confirming && !startOver)
                return Waiting(Position with { Attempts = attempts }, [.. before, .. ReadBackPrompts(Position.Digits)]);
            return Waiting(Position with { Attempts = attempts, Digits = "", Confirming = false }, [.. before, .. Input.Prompts]);
        }

        private FlowStep Collected(string digits)
        {
            if (Input.ReadBack is null)
                return Interpreter.Enter(Interpreter.FlowAt(Position), Input.Done,
                    Position with { Variables = Position.Variables.SetItem(Input.Variable, digits) }, Now);
            return Waiting(Position with { Digits = digits, Confirming = true }, ReadBackPrompts(digits));
        }

        private List<string> ReadBackPrompts(string digits) =>
            [Input.ReadBack!.YouEntered, .. digits.Select(Input.ReadBack.DigitPrompt), Input.ReadBack.ConfirmOrReenter];

        private FlowStep Waiting(FlowPosition position, IReadOnlyList<string> prompts) =>
            new(position, new PlayPrompts(prompts, AwaitDigit: true, Input.Timeout));
    }
}

using ContactCentre.Domain.Flows;
using NodaTime;
using NodaTime.Text;

namespace ContactCentre.Features.Drivers;

/// <summary>
/// Runs a call through the pure <see cref="FlowInterpreter"/> in process, on a clock the scenario sets: what the caller
/// hears (prompt names, in order), where the call goes, and the variables it carries. The caller hears every prompt
/// to its end unless they press a key, as a patient caller would.
/// </summary>
public sealed class FlowDriver
{
    private static readonly LocalDateTimePattern LocalTime = LocalDateTimePattern.CreateWithInvariantCulture("uuuu-MM-dd HH:mm");

    // The driver's own guard, far above any flow's step limit, so that a driver bug cannot hang a scenario.
    private const int MostEventsPerKey = 10_000;

    private readonly List<Flow> _flows = [];
    private readonly List<string> _heard = [];
    private int _heardChecked;
    private FlowInterpreter? _interpreter;
    private FlowStep? _step;

    public int MaxSteps { get; set; } = 100;
    public Instant Now { get; private set; } = Instant.FromUtc(2025, 6, 2, 9, 0);

    /// <summary>Warnings of the flows read so far, e.g. a menu of more than 6 options.</summary>
    public List<FlowProblem> Warnings { get; } = [];

    /// <summary>The prompts the caller has heard since the call began, in order.</summary>
    public IReadOnlyList<string> Heard => _heard;

    /// <summary>Where the call went: the queue it entered, the number it was transferred to, or null while in the flow.</summary>
    public FlowAction? Destination { get; private set; }

    public FlowPosition Position => _step?.Position ?? throw new InvalidOperationException("No call yet; add 'When a caller calls'.");

    /// <summary>Reads a flow as the admin portal would save it; the first flow read is the one callers reach.</summary>
    public FlowReadResult Read(string json)
    {
        var result = FlowReader.Read(json);
        Warnings.AddRange(result.Warnings);
        if (result.Flow is not null)
            _flows.Add(result.Flow);
        return result;
    }

    public void UseFlow(string json)
    {
        var result = Read(json);
        if (result.Flow is null)
            throw new InvalidOperationException($"The scenario's flow is refused: {string.Join("; ", result.Errors)}");
    }

    public void SetClock(string localDateTime, string zoneId)
    {
        var zone = DateTimeZoneProviders.Tzdb[zoneId];
        Now = LocalTime.Parse(localDateTime).GetValueOrThrow().InZoneStrictly(zone).ToInstant();
    }

    public void SetClock(Instant now) => Now = now;

    /// <summary>A caller reaches the first flow given, or the flow named.</summary>
    public void Call(string? flowName = null)
    {
        var flow = (flowName is null ? _flows.FirstOrDefault() : _flows.FirstOrDefault(f => f.Name == flowName))
            ?? throw new InvalidOperationException($"No call flow {flowName} given; add 'Given the call flow:'.");
        _interpreter = new FlowInterpreter(flow, MaxSteps, name => _flows.FirstOrDefault(f => f.Name == name));
        Carry(_interpreter.Start(Now));
    }

    public void Press(string keys)
    {
        foreach (var key in keys)
            Carry(Interpreter.Digit(Position, key, Now));
    }

    public void WaitWithoutPressing() => Carry(Interpreter.DigitTimeout(Position, Now));

    /// <summary>
    /// The prompts heard since the last check, which must begin with <paramref name="prompts"/>; checked ones are not
    /// checked again, so consecutive checks follow the call in order.
    /// </summary>
    public void ExpectHeard(IReadOnlyList<string> prompts)
    {
        var next = _heard.Skip(_heardChecked).Take(prompts.Count).ToList();
        if (!next.SequenceEqual(prompts, StringComparer.Ordinal))
            throw new Xunit.Sdk.XunitException(
                $"Expected the caller to hear {Quote(prompts)} next, but heard {Quote(_heard.Skip(_heardChecked).ToList())} " +
                $"(the whole call: {Quote(_heard)}).");
        _heardChecked += prompts.Count;
    }

    private FlowInterpreter Interpreter => _interpreter ?? throw new InvalidOperationException("No call yet; add 'When a caller calls'.");

    /// <summary>Plays what the flow asks; prompts that wait for no digit are heard to their end and the flow goes on.</summary>
    private void Carry(FlowStep step)
    {
        for (var events = 0; events < MostEventsPerKey; events++)
        {
            _step = step;
            switch (step.Action)
            {
                case PlayPrompts { AwaitDigit: true } play:
                    _heard.AddRange(play.Prompts);
                    return;
                case PlayPrompts play when play == FlowInterpreter.NoChange:
                    return;
                case PlayPrompts play:
                    _heard.AddRange(play.Prompts);
                    step = Interpreter.PromptsFinished(step.Position, Now);
                    break;
                case EnterQueue queue:
                    _heard.AddRange(queue.Prompts);
                    Destination = queue;
                    return;
                default:
                    Destination = step.Action;
                    return;
            }
        }
        throw new InvalidOperationException($"The call did not settle after {MostEventsPerKey} flow events; at {step.Position}.");
    }

    private static string Quote(IEnumerable<string> prompts) =>
        prompts.Any() ? string.Join(", ", prompts.Select(p => $"'{p}'")) : "nothing";
}

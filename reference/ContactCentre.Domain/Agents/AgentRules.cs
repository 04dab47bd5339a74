namespace ContactCentre.Domain.Agents;

/// <summary>
/// The configured rules of agent states: the pause reasons an agent may choose, wrap-up time per queue,
/// and the thresholds of the automatic pause and log-off.
/// </summary>
/// <param name="PauseReasons">The reasons an agent may pause with; any other is refused.</param>
/// <param name="WrapUpTimes">Queue → after-call work time; a queue not listed has none (the agent is Ready at once).</param>
/// <param name="AutoPauseAfterNoAnswers">Pause the agent after this many consecutive unanswered offers; 0 is off (the default).</param>
/// <param name="AutoLogoffAfterOfferErrors">Log the agent off after this many consecutive offer errors (default 5); 0 is off.</param>
public sealed record AgentRules(
    IReadOnlyList<string> PauseReasons,
    IReadOnlyDictionary<string, TimeSpan> WrapUpTimes,
    int AutoPauseAfterNoAnswers = 0,
    int AutoLogoffAfterOfferErrors = 5)
{
    /// <summary>The reason of the automatic pause after consecutive no-answers; not one an agent chooses.</summary>
    public const string AutoPauseReason = "No answer";

    public static AgentRules Default { get; } = new([], new Dictionary<string, TimeSpan>());

    public TimeSpan WrapUpTime(string queue) => WrapUpTimes.TryGetValue(queue, out var t) ? t : TimeSpan.Zero;
}

namespace ContactCentre.Domain.Queues;

/// <summary>
/// One queue at a glance, for desktops and wallboards: who waits, how it went so far (see <see cref="QueueStatistics"/>
/// for the definitions), the EWT a caller entering now would be told, and the agents serving it when known.
/// </summary>
public sealed record QueueOverview(
    string Queue,
    int Waiting,
    TimeSpan LongestWait,
    int Answered,
    int Abandoned,
    int AbandonedWithinThreshold,
    int Overflowed,
    int Refused,
    int Lost,
    TimeSpan ServiceLevelThreshold,
    double? ServiceLevel,
    double? ServiceLevelExcludingShortAbandons,
    TimeSpan? AverageSpeedOfAnswer,
    TimeSpan Ewt,
    EwtMethod EwtMethod,
    int? LoggedInAgents,
    int? ReadyAgents)
{
    public static QueueOverview Of(QueueState state, QueueSettings settings, AgentCount? agents, DateTimeOffset now)
    {
        var s = state.Statistics;
        var ewt = WaitEstimator.ForNewTicket(state, settings, agents);
        return new QueueOverview(state.Name, state.Waiting.Count, state.LongestWait(now), s.Answered, s.Abandoned, s.AbandonedWithinThreshold,
            s.Overflowed, s.Refused, s.Lost, s.Threshold, s.ServiceLevel, s.ServiceLevelExcludingShortAbandons, s.AverageSpeedOfAnswer,
            ewt.Ewt, ewt.Method, agents?.LoggedIn, agents?.Ready);
    }
}

using ContactCentre.Domain.Agents;

namespace ContactCentre.Domain.Queues;

/// <summary>What a queue does when no agent is logged in to it: keep callers waiting, or send them to a flow exit.</summary>
public enum NoAgentsRule
{
    /// <summary>Callers enter and wait (an agent may log in).</summary>
    Stay,
    /// <summary>Callers take the queue module's "full" exit.</summary>
    Full,
    /// <summary>Callers take the queue module's "overflow" exit.</summary>
    Overflow,
}

/// <summary>How a queue estimates wait times (see <see cref="WaitEstimator"/>).</summary>
public enum EwtMethod
{
    /// <summary>The product's own: EWT = (previous EWT + last answered call's wait) / 2.</summary>
    Average,
    /// <summary>From recent handle times and logged-in agents in the M/M/N model behind Erlang C; falls back to <see cref="Average"/>.</summary>
    ErlangC,
}

/// <summary>A queue's limits, estimate and announcement settings (configuration: docs in the Queues README).</summary>
public sealed record QueueSettings
{
    public static QueueSettings Default { get; } = new();

    /// <summary>Most tickets that may wait; one more is refused with the "full" exit. Null: no limit.</summary>
    public int? MaxWaiting { get; init; }

    /// <summary>Longest a ticket may wait; then it leaves with the "overflow" exit. Null: no limit.</summary>
    public TimeSpan? MaxWait { get; init; }

    public NoAgentsRule WhenNoAgents { get; init; } = NoAgentsRule.Stay;

    /// <summary>The "answered within" of the service level.</summary>
    public TimeSpan ServiceLevelThreshold { get; init; } = TimeSpan.FromSeconds(20);

    public EwtMethod EwtMethod { get; init; } = EwtMethod.ErlangC;

    /// <summary>Least time between two position/EWT announcements to one caller. Null: no announcements.</summary>
    public TimeSpan? AnnouncementInterval { get; init; }

    /// <summary>Announce again only when the position or the EWT (in whole minutes) got better.</summary>
    public bool AnnounceOnlyWhenImproved { get; init; }
}

/// <summary>Agents serving a queue, as the router knows them: logged in, and of those ready for an offer.</summary>
public sealed record AgentCount(int LoggedIn, int Ready)
{
    /// <summary>Counts the agents serving <paramref name="queue"/>: every status but logged out is logged in.</summary>
    public static AgentCount Of(string queue, IEnumerable<AgentPresence> agents)
    {
        int loggedIn = 0, ready = 0;
        foreach (var agent in agents)
        {
            if (agent.Status == AgentStatus.LoggedOut || !agent.Queues.Contains(queue)) continue;
            loggedIn++;
            if (agent.Status == AgentStatus.Ready) ready++;
        }
        return new AgentCount(loggedIn, ready);
    }
}

namespace ContactCentre.Domain.Queues;

/// <summary>A waiting ticket's place in serving order (1 = next) and its estimated remaining wait, with the method used.</summary>
public sealed record WaitEstimate(string TicketId, int Position, TimeSpan Ewt, EwtMethod Method);

/// <summary>
/// Estimated wait times, by two methods.
/// <para><see cref="EwtMethod.Average"/> (the product's): the queue keeps EWT = (previous EWT + last answered wait) / 2,
/// updated on every answer; a ticket that has waited w is told max(0, EWT − w).</para>
/// <para><see cref="EwtMethod.ErlangC"/>: in the M/M/N model that Erlang C solves, with N agents logged in, all busy,
/// and mean handle time h, agents free up at rate N/h, so the ticket at position k, with r agents ready now, waits for
/// max(0, k − r) departures: EWT(k) = max(0, k − r) · h / N. Averaged over the positions arrivals find, this is Erlang C's
/// average speed of answer C(N, A) · h / (N − A), which the simulation test checks. h is the mean of the queue's last
/// <see cref="QueueState.HandleTimeWindow"/> handle times.</para>
/// The Erlang C method is used when the queue is set to it, has at least <see cref="MinimumHandleTimes"/> handle times
/// and knows of at least one logged-in agent; otherwise the queue falls back to the average method.
/// </summary>
public static class WaitEstimator
{
    /// <summary>Fewer recent handle times than this make h too uncertain: fall back to the average method.</summary>
    public const int MinimumHandleTimes = 5;

    public static EwtMethod MethodFor(QueueState state, QueueSettings settings, AgentCount? agents) =>
        settings.EwtMethod == EwtMethod.ErlangC && state.RecentHandleTimes.Count >= MinimumHandleTimes && agents is { LoggedIn: > 0 }
            ? EwtMethod.ErlangC
            : EwtMethod.Average;

    /// <summary>Position and EWT of every waiting ticket, in serving order.</summary>
    public static IReadOnlyList<WaitEstimate> ForWaiting(QueueState state, QueueSettings settings, AgentCount? agents, DateTimeOffset now)
    {
        var method = MethodFor(state, settings, agents);
        return state.Waiting.Select((t, i) => new WaitEstimate(t.Id, i + 1, Estimate(method, state, agents, i + 1, now - t.EnteredAt), method)).ToList();
    }

    /// <summary>One waiting ticket's estimate; null when it does not wait here.</summary>
    public static WaitEstimate? For(string ticketId, QueueState state, QueueSettings settings, AgentCount? agents, DateTimeOffset now)
    {
        if (state.PositionOf(ticketId) is not { } position) return null;
        var method = MethodFor(state, settings, agents);
        return new WaitEstimate(ticketId, position, Estimate(method, state, agents, position, now - state.Waiting[position - 1].EnteredAt), method);
    }

    /// <summary>What a caller entering now would be told: the estimate for the place behind everyone waiting.</summary>
    public static WaitEstimate ForNewTicket(QueueState state, QueueSettings settings, AgentCount? agents)
    {
        var method = MethodFor(state, settings, agents);
        var position = state.Waiting.Count + 1;
        return new WaitEstimate("", position, Estimate(method, state, agents, position, TimeSpan.Zero), method);
    }

    private static TimeSpan Estimate(EwtMethod method, QueueState state, AgentCount? agents, int position, TimeSpan waited)
    {
        if (method == EwtMethod.Average)
            return state.AverageEwt > waited ? state.AverageEwt - waited : TimeSpan.Zero;
        var (loggedIn, ready) = (agents!.LoggedIn, agents.Ready);
        var meanHandle = TimeSpan.FromTicks((long)state.RecentHandleTimes.Average(h => h.Ticks));
        var departures = Math.Max(0, position - ready);
        return meanHandle * departures / loggedIn;
    }
}

namespace ContactCentre.Domain.Queues;

/// <summary>
/// The Erlang C formula for an M/M/N queue (Poisson arrivals, exponential handle times, N agents, callers who wait
/// without hanging up): offered traffic A = arrival rate × mean handle time, in Erlangs.
/// C(N, A) = probability that a caller waits; ASA = C · h / (N − A); service level within t = 1 − C · e^(−(N − A) t / h).
/// Computed through the Erlang B recursion B(0) = 1, B(n) = A·B(n−1) / (n + A·B(n−1)), C = N·B / (N − A·(1 − B)),
/// which stays finite for hundreds of agents where A^N / N! would overflow.
/// </summary>
public static class ErlangC
{
    /// <summary>Probability that a caller has to wait; 1 when the traffic is N Erlangs or more (the queue grows without end).</summary>
    public static double ProbabilityOfWaiting(int agents, double trafficErlangs)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(agents);
        ArgumentOutOfRangeException.ThrowIfNegative(trafficErlangs);
        if (trafficErlangs >= agents) return 1;
        var b = 1.0;
        for (var n = 1; n <= agents; n++)
            b = trafficErlangs * b / (n + trafficErlangs * b);
        return agents * b / (agents - trafficErlangs * (1 - b));
    }

    /// <summary>Average speed of answer over all callers (those answered at once count as zero); <see cref="TimeSpan.MaxValue"/> when overloaded.</summary>
    public static TimeSpan AverageSpeedOfAnswer(int agents, double trafficErlangs, TimeSpan handleTime)
    {
        if (trafficErlangs >= agents) return TimeSpan.MaxValue;
        return handleTime * (ProbabilityOfWaiting(agents, trafficErlangs) / (agents - trafficErlangs));
    }

    /// <summary>Fraction of callers answered within <paramref name="threshold"/>; 0 when overloaded.</summary>
    public static double ServiceLevel(int agents, double trafficErlangs, TimeSpan handleTime, TimeSpan threshold)
    {
        if (trafficErlangs >= agents) return 0;
        var c = ProbabilityOfWaiting(agents, trafficErlangs);
        return 1 - c * Math.Exp(-(agents - trafficErlangs) * threshold.TotalSeconds / handleTime.TotalSeconds);
    }
}

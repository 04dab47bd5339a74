namespace ContactCentre.Domain.Tests.Queues;

/// <summary>
/// An independent reference for Erlang C: the M/M/N birth-death chain's stationary distribution summed directly
/// (p(n) ∝ A^n / n! up to N, then × (A/N) per extra caller), not the Erlang B recursion the product uses.
/// </summary>
internal sealed class MmnStationary
{
    private readonly double[] _p;
    private readonly int _agents;
    private readonly double _traffic;

    public MmnStationary(int agents, double traffic)
    {
        _agents = agents;
        _traffic = traffic;
        // Unnormalised p(n) (A^n / n! stays within double range up to a few hundred Erlangs), until the
        // geometric tail beyond N adds less than 1e-17 of the total.
        var terms = new List<double> { 1.0 };
        var total = 1.0;
        for (var n = 1; n <= agents || terms[^1] / total >= 1e-17; n++)
        {
            terms.Add(terms[^1] * (n <= agents ? traffic / n : traffic / agents));
            total += terms[^1];
        }
        _p = terms.Select(t => t / total).ToArray();
    }

    /// <summary>An arrival sees the stationary state (PASTA): it waits when it finds N or more in the system.</summary>
    public double ProbabilityOfWaiting => _p.Skip(_agents).Sum();

    /// <summary>Little's law on the queue: Wq = Lq / λ, with λ = A / h.</summary>
    public double AverageSpeedOfAnswerSeconds(double handleSeconds) =>
        _p.Select((p, n) => Math.Max(0, n - _agents) * p).Sum() * handleSeconds / _traffic;

    /// <summary>An arrival finding n ≥ N waits for n − N + 1 departures at rate N/h: an Erlang (gamma) wait.</summary>
    public double ServiceLevel(double handleSeconds, double thresholdSeconds)
    {
        var rate = _agents / handleSeconds;
        var late = 0.0;
        for (var n = _agents; n < _p.Length; n++)
            late += _p[n] * GammaTail(n - _agents + 1, rate * thresholdSeconds);
        return 1 - late;
    }

    /// <summary>P(sum of k exponentials of rate 1 > x) = e^−x Σ_{i&lt;k} x^i / i!.</summary>
    private static double GammaTail(int k, double x)
    {
        double term = Math.Exp(-x), sum = 0;
        for (var i = 0; i < k; i++)
        {
            sum += term;
            term *= x / (i + 1);
        }
        return sum;
    }
}

namespace ContactCentre.Sip;

/// <summary>
/// Per-source limit on new requests: a token bucket per IP address refilled at <see cref="RequestsPerSecond"/>
/// up to <see cref="Burst"/>. A source over its budget gets 503 with Retry-After (RFC 3261 §21.5.4) for
/// <see cref="Burst"/> more requests; beyond that it is flooding, and its requests are dropped unanswered.
/// </summary>
public sealed record SourceRateLimit
{
    public SourceRateLimit(double requestsPerSecond, int burst)
    {
        if (!(requestsPerSecond > 0) || double.IsInfinity(requestsPerSecond))
        {
            throw new ArgumentOutOfRangeException(nameof(requestsPerSecond), requestsPerSecond, "The refill rate must be a positive number of requests a second.");
        }
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(burst);
        RequestsPerSecond = requestsPerSecond;
        Burst = burst;
    }

    /// <summary>Defaults for a contact centre trunk-facing port: 50 new requests a second, bursts of 100.</summary>
    public static SourceRateLimit Default { get; } = new(50, 100);

    public double RequestsPerSecond { get; }

    public int Burst { get; }
}

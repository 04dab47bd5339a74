using System.Collections.Concurrent;
using System.Net;

namespace ContactCentre.Sip;

/// <summary>What the rate limiter says about a new request from a source.</summary>
internal enum RateDecision
{
    Allow,
    Reject,
    Drop,
}

/// <summary>
/// Token buckets per source address. Every request spends a token, refused ones too: the first Burst requests
/// over budget are refused with 503, the rest dropped, and a flooding source stays in debt until it slows down.
/// </summary>
internal sealed class SourceRateLimiter(SourceRateLimit limit, TimeProvider time)
{
    private const int SweepThreshold = 10_000;
    private readonly ConcurrentDictionary<IPAddress, Bucket> _buckets = new();

    public RateDecision Take(IPAddress source, out TimeSpan retryAfter)
    {
        var now = time.GetTimestamp();
        if (_buckets.Count > SweepThreshold)
        {
            Sweep(now);
        }
        var bucket = _buckets.GetOrAdd(source, _ => new Bucket(limit.Burst, now));
        lock (bucket)
        {
            var elapsed = time.GetElapsedTime(bucket.Updated, now).TotalSeconds;
            bucket.Tokens = Math.Min(limit.Burst, bucket.Tokens + elapsed * limit.RequestsPerSecond);
            bucket.Updated = now;
            // Debt is capped so a flooder that stops is served again after about 2*Burst/RequestsPerSecond.
            bucket.Tokens = Math.Max(-2.0 * limit.Burst, bucket.Tokens - 1);
            var deficit = 1 - bucket.Tokens;
            retryAfter = TimeSpan.FromSeconds(Math.Ceiling(Math.Max(1, deficit / limit.RequestsPerSecond)));
            if (bucket.Tokens >= 0)
            {
                return RateDecision.Allow;
            }
            return bucket.Tokens >= -limit.Burst ? RateDecision.Reject : RateDecision.Drop;
        }
    }

    /// <summary>Forgets sources whose bucket has refilled, so spoofed addresses cannot grow the table without bound.</summary>
    private void Sweep(long now)
    {
        foreach (var (address, bucket) in _buckets)
        {
            lock (bucket)
            {
                if (bucket.Tokens + time.GetElapsedTime(bucket.Updated, now).TotalSeconds * limit.RequestsPerSecond >= limit.Burst)
                {
                    _buckets.TryRemove(new KeyValuePair<IPAddress, Bucket>(address, bucket));
                }
            }
        }
    }

    private sealed class Bucket(double tokens, long updated)
    {
        public double Tokens { get; set; } = tokens;

        public long Updated { get; set; } = updated;
    }
}

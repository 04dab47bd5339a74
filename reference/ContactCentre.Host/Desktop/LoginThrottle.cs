using System.Net;

namespace ContactCentre.Host.Desktop;

/// <summary>
/// Failed desktop logins per client address: after <see cref="MaxFailures"/> within <see cref="Window"/>, that address's
/// logins are refused unchecked until the oldest of those failures is a window old. Closing a session after 5 failures
/// only makes each guess cost a new connection; this bounds the guesses per address. A success does not clear the
/// count (one known password must not buy more guesses at others).
/// </summary>
public sealed class LoginThrottle(TimeProvider time, int maxFailures = 20, TimeSpan? window = null)
{
    // Addresses kept before stale ones are swept, so that a flood of addresses cannot grow the table without end.
    private const int SweepAbove = 10_000;

    private readonly Dictionary<IPAddress, Queue<DateTimeOffset>> _failures = [];
    private readonly Lock _lock = new();

    public int MaxFailures { get; } = maxFailures > 0 ? maxFailures : throw new ArgumentOutOfRangeException(nameof(maxFailures));

    public TimeSpan Window { get; } = window ?? TimeSpan.FromMinutes(5);

    /// <summary>How long logins from <paramref name="remote"/> (an address or address:port) are refused; null when they are not.</summary>
    public TimeSpan? Wait(string remote)
    {
        if (Address(remote) is not { } address) return null;
        var now = time.GetUtcNow();
        lock (_lock)
        {
            if (!_failures.TryGetValue(address, out var failures)) return null;
            Prune(failures, now);
            return failures.Count >= MaxFailures ? failures.Peek() + Window - now : null;
        }
    }

    /// <summary>A login from <paramref name="remote"/> failed.</summary>
    public void Failed(string remote)
    {
        if (Address(remote) is not { } address) return;
        var now = time.GetUtcNow();
        lock (_lock)
        {
            if (_failures.Count > SweepAbove) Sweep(now);
            if (!_failures.TryGetValue(address, out var failures)) _failures[address] = failures = new Queue<DateTimeOffset>();
            Prune(failures, now);
            failures.Enqueue(now);
            while (failures.Count > MaxFailures) failures.Dequeue();
        }
    }

    private void Prune(Queue<DateTimeOffset> failures, DateTimeOffset now)
    {
        while (failures.Count > 0 && failures.Peek() + Window <= now) failures.Dequeue();
    }

    private void Sweep(DateTimeOffset now)
    {
        foreach (var (address, failures) in _failures.ToList())
        {
            Prune(failures, now);
            if (failures.Count == 0) _failures.Remove(address);
        }
    }

    /// <summary>The address of "address:port", "[v6]:port" or a bare address; IPv4-mapped IPv6 counts as IPv4.</summary>
    private static IPAddress? Address(string remote)
    {
        var address = IPEndPoint.TryParse(remote, out var endPoint) ? endPoint.Address : IPAddress.TryParse(remote, out var bare) ? bare : null;
        return address is { IsIPv4MappedToIPv6: true } ? address.MapToIPv4() : address;
    }
}

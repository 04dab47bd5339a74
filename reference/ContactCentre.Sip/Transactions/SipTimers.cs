namespace ContactCentre.Sip;

/// <summary>RFC 3261 §17 timer values and the clock they run on.</summary>
internal sealed record SipTimers(TimeProvider Time, TimeSpan T1, TimeSpan T2, TimeSpan T4)
{
    /// <summary>64*T1: timers B, F, H, J and the 2xx retransmission limit.</summary>
    public TimeSpan Transaction => T1 * 64;

    private static readonly TimeSpan MinimumWait = TimeSpan.FromMilliseconds(1);

    public static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    /// <summary>True when <paramref name="signal"/> completes within <paramref name="delay"/>.</summary>
    public async Task<bool> SignalledWithinAsync(Task signal, TimeSpan delay, CancellationToken ct = default)
    {
        if (signal.IsCompleted)
        {
            return true;
        }
        if (delay <= TimeSpan.Zero)
        {
            return false;
        }
        // Sub-millisecond waits would round to zero on the system timer and spin the retransmit loops.
        delay = delay < MinimumWait ? MinimumWait : delay;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var timer = Task.Delay(delay, Time, stop.Token);
        var first = await Task.WhenAny(signal, timer).ConfigureAwait(false);
        await stop.CancelAsync().ConfigureAwait(false);
        ct.ThrowIfCancellationRequested();
        // Not "first == signal": after a stall both may be done, and the timer's continuation can win the race
        // although the signal (an ACK, a response) came in time; a 2xx that was ACKed must not end in "no ACK".
        return first == signal || signal.IsCompleted;
    }

    /// <summary>Runs <paramref name="action"/> after <paramref name="delay"/> on this clock (immediately for zero).</summary>
    public void After(TimeSpan delay, Action action)
    {
        if (delay <= TimeSpan.Zero)
        {
            action();
            return;
        }
        _ = Task.Delay(delay, Time).ContinueWith(_ => action(), TaskScheduler.Default);
    }
}

namespace ContactCentre.Media;

/// <summary>
/// Two-way audio between two sessions, e.g. the caller's leg and the agent's leg. Each packet received on
/// one side is decoded and sent at once from the other side, re-encoded in that side's codec (so PCMU and
/// PCMA legs transcode) and with that side's own SSRC, sequence and timestamp. DTMF is not forwarded:
/// the contact centre consumes it. A prompt played on one side while bridged takes precedence over the
/// forwarded audio until it ends.
/// </summary>
public sealed class MediaBridge : IDisposable
{
    private int _disposed;

    private MediaBridge(RtpSession first, RtpSession second)
    {
        First = first;
        Second = second;
    }

    public RtpSession First { get; }

    public RtpSession Second { get; }

    /// <summary>Stops playback on both sessions and connects them.</summary>
    public static MediaBridge Connect(RtpSession a, RtpSession b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (ReferenceEquals(a, b))
        {
            throw new ArgumentException("A session cannot be bridged to itself.", nameof(b));
        }

        RtpSession.Attach(a, b);
        return new MediaBridge(a, b);
    }

    /// <summary>Disconnects the sessions; both fall quiet until something is played on them.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            RtpSession.Detach(First, Second);
        }
    }
}

namespace ContactCentre.Media;

/// <summary>
/// One digit being sent as RFC 4733 events (§2.5.1): a first packet with the marker bit, an update every
/// frame carrying the same timestamp and a growing duration, then the end packet sent three times.
/// </summary>
internal sealed class DtmfTransmission(byte eventCode, int updates)
{
    public const int EndRepeats = 3;

    // RFC 4733 §2.3.4: power level as -dBm0; 10 is a typical DTMF level.
    private const byte Volume = 10;

    private int _sent;

    public TaskCompletionSource Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public uint Timestamp { get; private set; }

    public bool IsFirst => _sent == 0;

    public bool IsComplete => _sent >= updates + EndRepeats;

    public void Start(uint timestamp) => Timestamp = timestamp;

    /// <summary>The event payload for the next packet; <paramref name="samplesPerFrame"/> sets the duration unit.</summary>
    public TelephoneEvent Next(int samplesPerFrame)
    {
        _sent++;
        bool end = _sent > updates;
        int duration = Math.Min(ushort.MaxValue, Math.Min(_sent, updates) * samplesPerFrame);
        return new TelephoneEvent(eventCode, end, Volume, (ushort)duration);
    }
}

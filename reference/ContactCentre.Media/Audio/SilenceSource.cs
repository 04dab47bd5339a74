namespace ContactCentre.Media;

/// <summary>Digital silence for a fixed time, e.g. a pause between two prompts.</summary>
public sealed class SilenceSource : IAudioSource
{
    private long _remaining;

    public SilenceSource(TimeSpan duration)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(duration, TimeSpan.Zero);
        _remaining = (long)Math.Round(duration.TotalSeconds * 8000);
    }

    public int Read(Span<short> frame)
    {
        int count = (int)Math.Min(frame.Length, _remaining);
        frame[..count].Clear();
        _remaining -= count;
        return count;
    }
}

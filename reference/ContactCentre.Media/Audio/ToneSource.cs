namespace ContactCentre.Media;

/// <summary>A sine tone at 8 kHz; plays for ever when no duration is given.</summary>
public sealed class ToneSource : IAudioSource
{
    private const int SampleRate = 8000;
    private readonly double _step;
    private readonly short _amplitude;
    private readonly long? _totalSamples;
    private double _phase;
    private long _produced;

    public ToneSource(double frequencyHz, short amplitude = 8000, TimeSpan? duration = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(frequencyHz);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(frequencyHz, SampleRate / 2.0);
        if (duration is { } d && d < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(duration), d, "A tone cannot last a negative time.");
        }

        _step = 2 * Math.PI * frequencyHz / SampleRate;
        _amplitude = amplitude;
        _totalSamples = duration is { } length ? (long)Math.Round(length.TotalSeconds * SampleRate) : null;
    }

    public int Read(Span<short> frame)
    {
        int count = _totalSamples is { } total ? (int)Math.Min(frame.Length, total - _produced) : frame.Length;
        for (var i = 0; i < count; i++)
        {
            frame[i] = (short)Math.Round(_amplitude * Math.Sin(_phase));
            _phase += _step;
            if (_phase >= 2 * Math.PI)
            {
                _phase -= 2 * Math.PI;
            }
        }

        _produced += count;
        return count;
    }
}

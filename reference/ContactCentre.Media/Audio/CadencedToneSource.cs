namespace ContactCentre.Media;

/// <summary>
/// Plays a <see cref="TonePlan"/> (e.g. ringback) until its duration ends, or for ever. Each burst fades in and
/// out over 4 ms so the cadence does not click.
/// </summary>
public sealed class CadencedToneSource : IAudioSource
{
    private const int SampleRate = 8000;
    private const int FadeSamples = 32;
    private readonly double[] _steps;
    private readonly double[] _phases;
    private readonly int[] _segments;
    private readonly int _cycle;
    private readonly double _amplitude;
    private readonly long? _totalSamples;
    private long _produced;

    /// <param name="amplitude">Peak of the summed tones; the default is about -14 dBFS.</param>
    public CadencedToneSource(TonePlan plan, short amplitude = 6500, TimeSpan? duration = null)
    {
        ArgumentNullException.ThrowIfNull(plan);
        if (plan.FrequenciesHz.Count == 0)
        {
            throw new ArgumentException("A tone plan needs at least one frequency.", nameof(plan));
        }

        foreach (double frequency in plan.FrequenciesHz)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(frequency, nameof(plan));
            ArgumentOutOfRangeException.ThrowIfGreaterThan(frequency, SampleRate / 2.0, nameof(plan));
        }

        if (duration is { } d && d < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(duration), d, "A tone cannot last a negative time.");
        }

        _steps = [.. plan.FrequenciesHz.Select(f => 2 * Math.PI * f / SampleRate)];
        _phases = new double[_steps.Length];
        _segments = [.. plan.Cadence.Select(s => (int)Math.Round(s.TotalSeconds * SampleRate))];
        if (_segments.Any(s => s < 0))
        {
            throw new ArgumentException("A cadence cannot hold a negative time.", nameof(plan));
        }

        _cycle = _segments.Sum();
        if (_segments.Length > 0 && _segments.Where((_, i) => i % 2 == 0).Sum() == 0)
        {
            throw new ArgumentException("A cadence with no time on is silence, not a tone.", nameof(plan));
        }

        _amplitude = (double)amplitude / _steps.Length;
        _totalSamples = duration is { } length ? (long)Math.Round(length.TotalSeconds * SampleRate) : null;
    }

    public int Read(Span<short> frame)
    {
        int count = _totalSamples is { } total ? (int)Math.Min(frame.Length, total - _produced) : frame.Length;
        for (var i = 0; i < count; i++)
        {
            double envelope = Envelope(_produced + i);
            double sum = 0;
            for (var t = 0; t < _steps.Length; t++)
            {
                sum += Math.Sin(_phases[t]);
                _phases[t] += _steps[t];
                if (_phases[t] >= 2 * Math.PI)
                {
                    _phases[t] -= 2 * Math.PI;
                }
            }

            frame[i] = (short)Math.Round(_amplitude * envelope * sum);
        }

        _produced += count;
        return count;
    }

    /// <summary>1 inside an "on" segment (with short fades at its edges), 0 in an "off" one.</summary>
    private double Envelope(long sample)
    {
        if (_cycle == 0)
        {
            return Math.Min(1.0, (sample + 1) / (double)FadeSamples);
        }

        long position = sample % _cycle;
        for (var s = 0; s < _segments.Length; s++)
        {
            if (position < _segments[s])
            {
                if (s % 2 == 1)
                {
                    return 0;
                }

                long edge = Math.Min(position, _segments[s] - 1 - position);
                return Math.Min(1.0, (edge + 1) / (double)FadeSamples);
            }

            position -= _segments[s];
        }

        return 0;
    }
}

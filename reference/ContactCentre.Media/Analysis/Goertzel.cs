namespace ContactCentre.Media;

/// <summary>
/// Single-frequency energy by the Goertzel algorithm: how the tests and the simulator tell which tone
/// a caller or agent actually heard, without a full FFT.
/// </summary>
public static class Goertzel
{
    /// <summary>
    /// Power at <paramref name="frequencyHz"/>, normalised by the number of samples and by full scale so
    /// that a sine of amplitude A gives about (A/32768)², i.e. about 1.0 for a full-scale sine, whatever the length.
    /// </summary>
    public static double Power(ReadOnlySpan<short> samples, double frequencyHz, int sampleRate = 8000)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sampleRate);
        if (samples.IsEmpty)
        {
            return 0;
        }

        double coefficient = 2 * Math.Cos(2 * Math.PI * frequencyHz / sampleRate);
        double previous = 0;
        double beforePrevious = 0;
        foreach (short sample in samples)
        {
            double current = (sample / 32768.0) + (coefficient * previous) - beforePrevious;
            beforePrevious = previous;
            previous = current;
        }

        double power = (previous * previous) + (beforePrevious * beforePrevious) - (coefficient * previous * beforePrevious);
        double half = samples.Length / 2.0;
        return power / (half * half);
    }

    /// <summary>The candidate frequency with the most power in <paramref name="samples"/>.</summary>
    public static double DominantFrequency(ReadOnlySpan<short> samples, IEnumerable<double> candidates, int sampleRate = 8000)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        double best = double.NaN;
        double bestPower = double.NegativeInfinity;
        foreach (double candidate in candidates)
        {
            double power = Power(samples, candidate, sampleRate);
            if (power > bestPower)
            {
                bestPower = power;
                best = candidate;
            }
        }

        if (double.IsNaN(best))
        {
            throw new ArgumentException("At least one candidate frequency is needed.", nameof(candidates));
        }

        return best;
    }
}

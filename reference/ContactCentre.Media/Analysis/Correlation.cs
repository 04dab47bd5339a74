namespace ContactCentre.Media;

/// <summary>
/// Recognises a known prompt in received audio by the shape of its loudness over time. Comparing 10 ms
/// energy envelopes rather than samples makes the match cheap and indifferent to G.711 quantisation,
/// gain changes and sub-frame timing shifts.
/// </summary>
public static class Correlation
{
    /// <summary>Samples per envelope frame: 10 ms at 8 kHz.</summary>
    public const int FrameLength = 80;

    /// <summary>
    /// The best normalised cross-correlation (0..1) of the needle's envelope against the haystack's, over
    /// every lag at which the needle lies wholly inside the haystack (or the haystack inside the needle, if
    /// it is the shorter). Envelopes are compared after removing their means (Pearson correlation); a needle
    /// of constant loudness, which has no shape to compare, is compared without removing means.
    /// </summary>
    public static double BestMatch(ReadOnlySpan<short> haystack, ReadOnlySpan<short> needle)
    {
        double[] hay = Envelope(haystack);
        double[] pin = Envelope(needle);
        if (hay.Length == 0 || pin.Length == 0)
        {
            return 0;
        }

        if (hay.Length < pin.Length)
        {
            (hay, pin) = (pin, hay);
        }

        int m = pin.Length;
        double pinMean = pin.Average();
        double pinVariance = 0;
        foreach (double value in pin)
        {
            pinVariance += (value - pinMean) * (value - pinMean);
        }

        // A flat envelope (a steady tone) has no shape: fall back to comparing raw energies.
        bool centred = pinVariance > 1e-9 * m * Math.Max(1e-12, pinMean * pinMean);
        var best = 0.0;
        for (var lag = 0; lag + m <= hay.Length; lag++)
        {
            var window = hay.AsSpan(lag, m);
            double score = centred ? Pearson(window, pin, pinMean, pinVariance) : Cosine(window, pin);
            best = Math.Max(best, score);
        }

        return Math.Clamp(best, 0, 1);
    }

    private static double Pearson(ReadOnlySpan<double> window, double[] pin, double pinMean, double pinVariance)
    {
        double windowMean = 0;
        foreach (double value in window)
        {
            windowMean += value;
        }

        windowMean /= window.Length;
        double cross = 0;
        double windowVariance = 0;
        for (var i = 0; i < window.Length; i++)
        {
            double w = window[i] - windowMean;
            cross += w * (pin[i] - pinMean);
            windowVariance += w * w;
        }

        return windowVariance <= 0 ? 0 : cross / Math.Sqrt(windowVariance * pinVariance);
    }

    private static double Cosine(ReadOnlySpan<double> window, double[] pin)
    {
        double cross = 0;
        double windowEnergy = 0;
        double pinEnergy = 0;
        for (var i = 0; i < window.Length; i++)
        {
            cross += window[i] * pin[i];
            windowEnergy += window[i] * window[i];
            pinEnergy += pin[i] * pin[i];
        }

        return windowEnergy <= 0 || pinEnergy <= 0 ? 0 : cross / Math.Sqrt(windowEnergy * pinEnergy);
    }

    /// <summary>RMS level of each whole 10 ms frame.</summary>
    private static double[] Envelope(ReadOnlySpan<short> samples)
    {
        var envelope = new double[samples.Length / FrameLength];
        for (var frame = 0; frame < envelope.Length; frame++)
        {
            double sum = 0;
            foreach (short sample in samples.Slice(frame * FrameLength, FrameLength))
            {
                sum += (double)sample * sample;
            }

            envelope[frame] = Math.Sqrt(sum / FrameLength);
        }

        return envelope;
    }
}

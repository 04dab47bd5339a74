namespace ContactCentre.Media;

/// <summary>
/// Changes the sample rate of a prompt with a polyphase windowed-sinc FIR (Kaiser window): the low-pass
/// removes everything above the lower of the two Nyquist frequencies before decimation, so a 6 kHz
/// component of a 48 kHz file does not fold back into the telephone band as a 2 kHz whistle.
/// </summary>
/// <remarks>
/// Design (Kaiser's formulas, as in Oppenheim and Schafer, "Discrete-Time Signal Processing" §7.5):
/// passband to 85 % of the lower Nyquist (3.4 kHz when the output is 8 kHz), stopband from that Nyquist,
/// 80 dB stopband attenuation. For from/to = M/L in lowest terms there are L filter phases, one per
/// fractional position of an output instant between input samples; above 1024 phases (odd rates such as
/// 44 101 Hz) the nearest of 1024 phases is used, a timing error under 1/2048 of an input sample.
/// Each phase is normalised to unity gain at DC. Whole arrays only: prompts are converted once, at load.
/// </remarks>
public static class SampleRateConverter
{
    private const double StopbandAttenuationDb = 80;
    private const double PassbandFraction = 0.85;
    private const int MaxPhases = 1024;

    public static short[] Convert(ReadOnlySpan<short> input, int fromRate, int toRate)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(fromRate);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(toRate);
        if (fromRate == toRate || input.IsEmpty)
        {
            return input.ToArray();
        }

        int divisor = GreatestCommonDivisor(fromRate, toRate);
        long up = toRate / divisor;
        long down = fromRate / divisor;
        int phases = (int)Math.Min(up, MaxPhases);
        var filter = Design(fromRate, toRate, phases, out int taps);
        int half = taps / 2;

        var output = new short[(int)((long)input.Length * toRate / fromRate)];
        for (var n = 0; n < output.Length; n++)
        {
            // Output instant n sits at input position n·down/up = whole + phase/phases.
            long position = n * down;
            long whole = position / up;
            long remainder = position % up;
            int phase = phases == up ? (int)remainder : (int)Math.Round((double)remainder * phases / up);
            if (phase == phases)
            {
                phase = 0;
                whole++;
            }

            var coefficients = filter.AsSpan(phase * taps, taps);
            long first = whole - half + 1;
            int from = (int)Math.Max(0, -first);
            int to = (int)Math.Min(taps, input.Length - first);
            double sum = 0;
            for (int k = from; k < to; k++)
            {
                sum += input[(int)(first + k)] * coefficients[k];
            }

            output[n] = (short)Math.Clamp(Math.Round(sum), short.MinValue, short.MaxValue);
        }

        return output;
    }

    /// <summary>Coefficients for each phase, <paramref name="taps"/> per phase, in input-sample steps.</summary>
    private static double[] Design(int fromRate, int toRate, int phases, out int taps)
    {
        double nyquist = Math.Min(fromRate, toRate) / 2.0;
        double passbandEdge = nyquist * PassbandFraction;
        double transition = (nyquist - passbandEdge) / fromRate; // cycles per input sample
        double cutoff = (passbandEdge + nyquist) / 2 / fromRate;
        double beta = 0.1102 * (StopbandAttenuationDb - 8.7);
        double order = (StopbandAttenuationDb - 8) / (2.285 * 2 * Math.PI * transition);
        int half = Math.Max(2, (int)Math.Ceiling(order / 2));
        taps = 2 * half;

        var filter = new double[phases * taps];
        double windowScale = 1 / BesselI0(beta);
        for (var p = 0; p < phases; p++)
        {
            double fraction = (double)p / phases;
            var row = filter.AsSpan(p * taps, taps);
            double gain = 0;
            for (var k = 0; k < taps; k++)
            {
                // Distance, in input samples, from the output instant to input sample (whole - half + 1 + k).
                double distance = k - half + 1 - fraction;
                double x = distance / half;
                double window = Math.Abs(x) >= 1 ? 0 : BesselI0(beta * Math.Sqrt(1 - (x * x))) * windowScale;
                double argument = 2 * cutoff * distance;
                double sinc = argument == 0 ? 1 : Math.Sin(Math.PI * argument) / (Math.PI * argument);
                row[k] = 2 * cutoff * sinc * window;
                gain += row[k];
            }

            for (var k = 0; k < taps; k++)
            {
                row[k] /= gain;
            }
        }

        return filter;
    }

    /// <summary>Modified Bessel function of the first kind, order 0, by its power series (converges fast for the β used here).</summary>
    private static double BesselI0(double x)
    {
        double sum = 1;
        double term = 1;
        double quarterSquare = x * x / 4;
        for (var k = 1; k < 50; k++)
        {
            term *= quarterSquare / (k * k);
            sum += term;
            if (term < sum * 1e-12)
            {
                break;
            }
        }

        return sum;
    }

    private static int GreatestCommonDivisor(int a, int b)
    {
        while (b != 0)
        {
            (a, b) = (b, a % b);
        }

        return a;
    }
}

namespace ContactCentre.Media;

/// <summary>Tells whether a frame of audio is mostly one DTMF key's tone pair (ITU-T Q.23 frequencies).</summary>
internal static class InBandDigitTone
{
    private static readonly double[] Rows = [697, 770, 852, 941];
    private static readonly double[] Columns = [1209, 1336, 1477, 1633];

    /// <summary>(low, high) frequencies of <paramref name="digit"/>'s tone, per ITU-T Q.23.</summary>
    public static (double Low, double High)? FrequenciesOf(char digit)
    {
        int index = "123A456B789C*0#D".IndexOf(char.ToUpperInvariant(digit), StringComparison.Ordinal);
        return index < 0 ? null : (Rows[index / 4], Columns[index % 4]);
    }

    /// <summary>
    /// True when both of the digit's frequencies are clearly present (each above -40 dBFS) and together
    /// carry most of the frame's power, as in a key press rather than speech.
    /// </summary>
    public static bool IsPresent(ReadOnlySpan<short> frame, (double Low, double High) tone)
    {
        if (frame.Length < 80)
        {
            return false;
        }

        double low = Goertzel.Power(frame, tone.Low);
        double high = Goertzel.Power(frame, tone.High);
        double meanSquare = 0;
        foreach (short sample in frame)
        {
            double s = sample / 32768.0;
            meanSquare += s * s;
        }

        // A sine of power P (Goertzel scale, (A/32768)²) has mean square P/2.
        double total = 2 * meanSquare / frame.Length;
        const double Floor = 1e-4; // -40 dBFS
        return low > Floor && high > Floor && low + high > 0.6 * total;
    }
}

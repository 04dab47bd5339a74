namespace ContactCentre.Media;

/// <summary>
/// RFC 3389 comfort noise: a CN packet (static payload type 13, RFC 3551 §4.5.3) carries the background
/// noise level, not audio. Its first octet is the level in -dBov (0 to 127, §3); any spectral coefficients
/// after it are ignored here, so the noise we make is white at that level.
/// </summary>
public static class ComfortNoise
{
    public const byte PayloadType = 13;

    /// <summary>The level in -dBov, or false for an empty payload (which RFC 3389 does not allow).</summary>
    public static bool TryReadLevel(ReadOnlySpan<byte> payload, out byte level)
    {
        level = payload.IsEmpty ? (byte)0 : (byte)(payload[0] & 0x7F);
        return !payload.IsEmpty;
    }

    /// <summary>The RMS amplitude in 16-bit PCM of noise at <paramref name="level"/> -dBov (0 dBov being full scale).</summary>
    public static double RmsAmplitude(byte level) => 32767 * Math.Pow(10, -level / 20.0);

    /// <summary>
    /// Fills <paramref name="frame"/> with uniform white noise of the given level; <paramref name="state"/> is
    /// the caller's generator state (xorshift32), so nothing is allocated per frame.
    /// </summary>
    public static void Fill(Span<short> frame, byte level, ref uint state)
    {
        // A uniform distribution on [-a, a] has RMS a/√3.
        double peak = Math.Min(32767, RmsAmplitude(level) * Math.Sqrt(3));
        if (state == 0)
        {
            state = 0x9E3779B9;
        }

        for (var i = 0; i < frame.Length; i++)
        {
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            double unit = (state / (double)uint.MaxValue * 2) - 1;
            frame[i] = (short)Math.Round(unit * peak);
        }
    }
}

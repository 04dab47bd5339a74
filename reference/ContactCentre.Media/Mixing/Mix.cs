namespace ContactCentre.Media;

/// <summary>Sums of 16-bit PCM for conferences and monitoring.</summary>
public static class Mix
{
    /// <summary>
    /// Adds <paramref name="voice"/> into <paramref name="into"/> sample by sample, saturating at the 16-bit
    /// limits (hard clipping): two loud parties clip instead of wrapping round to a loud click of the opposite sign.
    /// </summary>
    public static void Add(Span<short> into, ReadOnlySpan<short> voice)
    {
        int count = Math.Min(into.Length, voice.Length);
        for (var i = 0; i < count; i++)
        {
            into[i] = (short)Math.Clamp(into[i] + voice[i], short.MinValue, short.MaxValue);
        }
    }
}

namespace ContactCentre.Media;

/// <summary>When a caller's recorded message ends, and what is cut from its tail.</summary>
public sealed record RecordingLimits
{
    /// <summary>The key that ends the message ("press hash when you have finished").</summary>
    public char StopDigit { get; init; } = '#';

    /// <summary>Longest message kept; audio beyond it is not written.</summary>
    public TimeSpan MaxLength { get; init; } = TimeSpan.FromMinutes(3);

    /// <summary>The caller has finished when this long passes without speech (or without any audio arriving).</summary>
    public TimeSpan SilenceTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// A 20 ms frame whose RMS level is below this is silence. -45 dBFS (RMS 184 of 32768) sits well under
    /// quiet speech (about -35 dBFS) and above the idle noise of a G.711 line (under -60 dBFS).
    /// </summary>
    public double SilenceThresholdDbfs { get; init; } = -45;

    /// <summary>Silence kept at the end of a message that ended by <see cref="SilenceTimeout"/>, so it does not stop abruptly.</summary>
    public TimeSpan SilenceKept { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// Audio cut before a stop digit: the key press may have leaked into the audio just before the RFC 4733
    /// event began (a gateway detecting it in-band). Frames that carry the stop digit's own tone pair are cut too.
    /// </summary>
    public TimeSpan TrimBeforeDigit { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Played before recording starts; null for none. A new source each time, as a source plays once.</summary>
    public Func<IAudioSource>? Beep { get; init; } = () => CallProgressTones.Beep();
}

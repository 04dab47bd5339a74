namespace ContactCentre.Media;

/// <summary>The tones a caller hears from us besides prompts: ringback while an agent is alerted, the beep before a recording.</summary>
public static class CallProgressTones
{
    public static readonly TimeSpan BeepLength = TimeSpan.FromMilliseconds(200);

    /// <summary>Ringback for ever (until replaced); <paramref name="plan"/> defaults to <see cref="TonePlan.EuropeanRingback"/>, 425 Hz 1 s on 4 s off.</summary>
    public static IAudioSource Ringback(TonePlan? plan = null) => new CadencedToneSource(plan ?? TonePlan.EuropeanRingback);

    /// <summary>The "speak after the tone" beep: 1 kHz for 200 ms unless told otherwise.</summary>
    public static IAudioSource Beep(double frequencyHz = 1000, TimeSpan? length = null) =>
        new ToneSource(frequencyHz, 8000, length ?? BeepLength);
}

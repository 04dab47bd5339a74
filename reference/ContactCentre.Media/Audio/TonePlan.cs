namespace ContactCentre.Media;

/// <summary>
/// A call-progress tone: the frequencies sounded together and the cadence they follow (on, off, on, off, …
/// repeated; no cadence means continuous). Countries differ, so the plan is a parameter; the default is the
/// European one.
/// </summary>
public sealed record TonePlan(IReadOnlyList<double> FrequenciesHz, IReadOnlyList<TimeSpan> Cadence)
{
    /// <summary>Ringing tone recommended by ETSI ETR 187 §4.2 (and CEPT T/CS 20-15): 425 Hz, 1 s on, 4 s off.</summary>
    public static TonePlan EuropeanRingback { get; } = new([425], [TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(4)]);

    /// <summary>UK ringing tone (SIN 350): 400 + 450 Hz, 0.4 s on, 0.2 s off, 0.4 s on, 2 s off.</summary>
    public static TonePlan UkRingback { get; } = new(
        [400, 450],
        [TimeSpan.FromMilliseconds(400), TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(400), TimeSpan.FromSeconds(2)]);

    /// <summary>North American audible ringing (ANSI T1.401): 440 + 480 Hz, 2 s on, 4 s off.</summary>
    public static TonePlan NorthAmericanRingback { get; } = new([440, 480], [TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4)]);

    /// <summary>European busy tone (ETSI ETR 187 §4.3): 425 Hz, 0.5 s on, 0.5 s off.</summary>
    public static TonePlan EuropeanBusy { get; } = new([425], [TimeSpan.FromMilliseconds(500), TimeSpan.FromMilliseconds(500)]);
}

namespace ContactCentre.Media;

/// <summary>How the samples of a WAV file are coded (the fmt chunk's format tag, or its extensible sub-format).</summary>
public enum WavEncoding
{
    /// <summary>Linear PCM, format tag 1 (8-bit unsigned; 16, 24 and 32-bit signed).</summary>
    Pcm = 1,

    /// <summary>32-bit IEEE float, format tag 3.</summary>
    Float = 3,

    /// <summary>ITU-T G.711 A-law, format tag 6.</summary>
    ALaw = 6,

    /// <summary>ITU-T G.711 µ-law, format tag 7.</summary>
    MuLaw = 7,
}

/// <summary>
/// A WAV file as read: what the file declared (encoding, rate, channels, bits, length) and its audio as
/// the 8 kHz 16-bit mono the sessions play, so an upload can be both checked and used.
/// </summary>
public sealed record WavAudio(
    WavEncoding Encoding,
    int SampleRate,
    int Channels,
    int BitsPerSample,
    bool IsExtensible,
    TimeSpan Duration,
    short[] Samples)
{
    /// <summary>The samples once more, for playing: each source plays from its own position.</summary>
    public PcmSource ToSource() => new(Samples);
}

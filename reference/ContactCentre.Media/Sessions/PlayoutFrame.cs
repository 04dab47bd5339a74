namespace ContactCentre.Media;

/// <summary>What a <see cref="JitterBuffer"/> put in a frame it was asked for.</summary>
public enum PlayoutFrame
{
    /// <summary>Nothing to play yet (before the first packet, or after a loss too long to conceal): zeros.</summary>
    Silence,

    /// <summary>Received audio.</summary>
    Audio,

    /// <summary>A lost frame replaced by the previous one, attenuated.</summary>
    Concealed,

    /// <summary>Noise at the level of the sender's last RFC 3389 CN packet, until speech resumes.</summary>
    ComfortNoise,
}

namespace ContactCentre.Media;

/// <summary>
/// One party's audio as the contact centre sees it: what arrives from the far end, and a way to send to it.
/// A bridge, a mixer or a recorder works on legs, so an RTP leg today and a WebRTC leg later join the same calls.
/// </summary>
public interface IMediaLeg
{
    /// <summary>Decoded 8 kHz PCM of each frame the far end sent, raised on the leg's receive thread.</summary>
    event AudioFrameHandler? AudioReceived;

    /// <summary>The clock pacing this leg; a mixer or recorder over several legs ticks on it.</summary>
    MediaClock Clock { get; }

    bool IsDisposed { get; }

    void Play(IAudioSource source);

    void StopPlayback();

    /// <summary>
    /// Gives the leg's outbound audio to <paramref name="connection"/> (a bridge or a mixer); false when another
    /// connection already has it, as a party can be in one conversation at a time.
    /// </summary>
    bool TryConnect(IMediaConnection connection);

    /// <summary>Takes the leg back from <paramref name="connection"/>; nothing when another connection has it.</summary>
    void Disconnect(IMediaConnection connection);

    /// <summary>Sends one frame from the connection now, in the leg's codec; a prompt or digit playing takes precedence.</summary>
    void SendConnected(ReadOnlySpan<short> pcm);
}

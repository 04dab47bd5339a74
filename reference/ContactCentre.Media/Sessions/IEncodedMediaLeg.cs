namespace ContactCentre.Media;

/// <summary>A G.711 frame as it was on the wire: its codec and its payload, on the leg's receive thread.</summary>
internal delegate void EncodedFrameHandler(AudioCodec codec, ReadOnlySpan<byte> payload);

/// <summary>
/// A leg that also hands over and takes frames undecoded, so a bridge between two legs of the same codec forwards
/// each payload as it came instead of decoding and re-encoding it (the encoding was most of the bridge's own cost
/// per packet, and µ-law's two zeros come through unchanged). Legs of different codecs still transcode.
/// </summary>
internal interface IEncodedMediaLeg : IMediaLeg
{
    /// <summary>Each PCMU/PCMA frame the far end sent, before any decoding.</summary>
    event EncodedFrameHandler? EncodedAudioReceived;

    /// <summary>The codec this leg sends.</summary>
    AudioCodec Codec { get; }

    /// <summary>As <see cref="IMediaLeg.SendConnected"/>, for a frame already in <paramref name="codec"/>.</summary>
    void SendConnectedEncoded(AudioCodec codec, ReadOnlySpan<byte> payload);
}

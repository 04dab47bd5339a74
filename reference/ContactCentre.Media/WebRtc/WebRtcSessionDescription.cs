using System.Net;

namespace ContactCentre.Media.WebRtc;

/// <summary>What a browser's SDP says about its one bundled audio stream, as <see cref="WebRtcSdp.Parse"/> reads it.</summary>
public sealed record WebRtcSessionDescription(
    string IceUfrag,
    string IcePassword,
    string Fingerprint,
    string Setup,
    string Mid,
    IReadOnlyList<IPEndPoint> Candidates,
    IReadOnlyDictionary<int, string> AudioFormats,
    int? TelephoneEventPayloadType,
    bool RtcpMux,
    bool IceLite)
{
    /// <summary>PCMU if offered, else PCMA (RFC 3551 static payload types 0 and 8).</summary>
    public AudioCodec ChooseCodec() =>
        AudioFormats.ContainsKey((int)AudioCodec.Pcmu) || !AudioFormats.ContainsKey((int)AudioCodec.Pcma) ? AudioCodec.Pcmu : AudioCodec.Pcma;

    /// <summary>RFC 5763 §5: we take the DTLS server role unless the peer insists on being passive.</summary>
    public bool WeAreDtlsServer => !Setup.Equals("passive", StringComparison.OrdinalIgnoreCase);
}

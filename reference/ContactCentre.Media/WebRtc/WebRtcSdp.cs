using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ContactCentre.Media.WebRtc;

/// <summary>
/// The WebRTC parts of SDP for one bundled audio m-line, strings in and strings out: ICE (RFC 8839: ice-ufrag,
/// ice-pwd, ice-lite, candidate), DTLS (RFC 8122 fingerprint, RFC 4145/5763 setup), rtcp-mux (RFC 5761), and BUNDLE
/// (RFC 9143 group and mid). Codecs are PCMU and PCMA (and telephone-event when offered). The SIP wiring is elsewhere.
/// </summary>
public static class WebRtcSdp
{
    private const string Profile = "UDP/TLS/RTP/SAVPF";

    /// <summary>Reads the first audio m-line, with session-level ICE and fingerprint attributes as its defaults.</summary>
    public static WebRtcSessionDescription Parse(string sdp)
    {
        ArgumentNullException.ThrowIfNull(sdp);
        string? ufrag = null, password = null, fingerprint = null, setup = null, mid = null;
        string? mediaUfrag = null, mediaPassword = null, mediaFingerprint = null;
        var candidates = new List<IPEndPoint>();
        var formats = new Dictionary<int, string>();
        int? events = null;
        bool rtcpMux = false, iceLite = false, inAudio = false, seenAudio = false;
        foreach (var raw in sdp.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.StartsWith("m=", StringComparison.Ordinal))
            {
                inAudio = !seenAudio && line.StartsWith("m=audio ", StringComparison.Ordinal);
                seenAudio |= inAudio;
                continue;
            }

            if (!line.StartsWith("a=", StringComparison.Ordinal))
            {
                continue;
            }

            var (name, value) = SplitAttribute(line[2..]);
            if (!seenAudio)
            {
                switch (name)
                {
                    case "ice-ufrag": ufrag = value; break;
                    case "ice-pwd": password = value; break;
                    case "fingerprint": fingerprint = value; break;
                    case "ice-lite": iceLite = true; break;
                }

                continue;
            }

            if (!inAudio)
            {
                continue;
            }

            switch (name)
            {
                case "ice-ufrag": mediaUfrag = value; break;
                case "ice-pwd": mediaPassword = value; break;
                case "fingerprint": mediaFingerprint = value; break;
                case "setup": setup = value; break;
                case "mid": mid = value; break;
                case "rtcp-mux": rtcpMux = true; break;
                case "rtpmap": ReadRtpMap(value, formats, ref events); break;
                case "candidate":
                    if (TryReadHostCandidate(value, out var candidate))
                    {
                        candidates.Add(candidate);
                    }

                    break;
            }
        }

        if (!seenAudio)
        {
            throw new FormatException("The SDP has no audio m-line.");
        }

        return new WebRtcSessionDescription(
            mediaUfrag ?? ufrag ?? throw new FormatException("The SDP has no a=ice-ufrag (RFC 8839 §5.4)."),
            mediaPassword ?? password ?? throw new FormatException("The SDP has no a=ice-pwd (RFC 8839 §5.4)."),
            mediaFingerprint ?? fingerprint ?? throw new FormatException("The SDP has no a=fingerprint (RFC 8122 §5)."),
            setup ?? "actpass",
            mid ?? "0",
            candidates,
            formats,
            events,
            rtcpMux,
            iceLite);
    }

    /// <summary>
    /// Our answer to a browser's offer: ice-lite, our host candidate, setup:passive (we are the DTLS server) unless the
    /// offer is passive, the offer's mid in a BUNDLE group, rtcp-mux, and the chosen codec.
    /// </summary>
    public static string CreateAnswer(WebRtcSessionDescription offer, WebRtcLeg leg)
    {
        ArgumentNullException.ThrowIfNull(offer);
        ArgumentNullException.ThrowIfNull(leg);
        if (!offer.RtcpMux)
        {
            throw new NotSupportedException("The offer does not use rtcp-mux (RFC 5761); a WebRTC leg has one port.");
        }

        if (offer.AudioFormats.Count == 0)
        {
            throw new NotSupportedException("The offer has neither PCMU nor PCMA (RFC 3551); a WebRTC leg speaks G.711 only.");
        }

        var codec = offer.ChooseCodec();
        return Write(leg, offer.Mid, offer.WeAreDtlsServer ? "passive" : "active", codec, offer.TelephoneEventPayloadType);
    }

    /// <summary>Our offer: setup:actpass (the browser then answers active and we are the DTLS server), PCMU and PCMA.</summary>
    public static string CreateOffer(WebRtcLeg leg, int telephoneEventPayloadType = 101)
    {
        ArgumentNullException.ThrowIfNull(leg);
        return Write(leg, "0", "actpass", null, telephoneEventPayloadType);
    }

    private static string Write(WebRtcLeg leg, string mid, string setup, AudioCodec? only, int? events)
    {
        var endPoint = leg.LocalEndPoint;
        string family = endPoint.AddressFamily == AddressFamily.InterNetworkV6 ? "IP6" : "IP4";
        string address = endPoint.Address.ToString();
        var payloadTypes = only is { } codec ? [(int)codec] : new List<int> { (int)AudioCodec.Pcmu, (int)AudioCodec.Pcma };
        if (events is { } pt)
        {
            payloadTypes.Add(pt);
        }

        var sdp = new StringBuilder();
        sdp.Append("v=0\r\n");
        sdp.Append(CultureInfo.InvariantCulture, $"o=- {Random.Shared.NextInt64(1, long.MaxValue)} 1 IN {family} {address}\r\n");
        sdp.Append("s=-\r\nt=0 0\r\n");
        sdp.Append(CultureInfo.InvariantCulture, $"a=group:BUNDLE {mid}\r\n");
        sdp.Append("a=ice-lite\r\n");
        sdp.Append(CultureInfo.InvariantCulture, $"m=audio {endPoint.Port} {Profile} {string.Join(' ', payloadTypes)}\r\n");
        sdp.Append(CultureInfo.InvariantCulture, $"c=IN {family} {address}\r\n");
        sdp.Append(CultureInfo.InvariantCulture, $"a=mid:{mid}\r\n");
        sdp.Append(CultureInfo.InvariantCulture, $"a=ice-ufrag:{leg.LocalIce.Ufrag}\r\n");
        sdp.Append(CultureInfo.InvariantCulture, $"a=ice-pwd:{leg.LocalIce.Password}\r\n");
        sdp.Append(CultureInfo.InvariantCulture, $"a=fingerprint:{leg.Fingerprint}\r\n");
        sdp.Append(CultureInfo.InvariantCulture, $"a=setup:{setup}\r\n");
        sdp.Append("a=sendrecv\r\n");
        sdp.Append("a=rtcp-mux\r\n");
        foreach (int payloadType in payloadTypes)
        {
            string encoding = payloadType switch
            {
                (int)AudioCodec.Pcmu => "PCMU/8000",
                (int)AudioCodec.Pcma => "PCMA/8000",
                _ => "telephone-event/8000",
            };
            sdp.Append(CultureInfo.InvariantCulture, $"a=rtpmap:{payloadType} {encoding}\r\n");
        }

        if (events is { } eventType)
        {
            sdp.Append(CultureInfo.InvariantCulture, $"a=fmtp:{eventType} 0-15\r\n");
        }

        // RFC 8445 §5.1.2: host candidate priority = 2^24·126 + 2^8·65535 + (256 − component 1).
        sdp.Append(CultureInfo.InvariantCulture, $"a=candidate:1 1 udp 2130706431 {address} {endPoint.Port} typ host\r\n");
        sdp.Append("a=end-of-candidates\r\n");
        return sdp.ToString();
    }

    private static (string Name, string Value) SplitAttribute(string attribute)
    {
        int colon = attribute.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 ? (attribute.Trim(), string.Empty) : (attribute[..colon].Trim(), attribute[(colon + 1)..].Trim());
    }

    private static void ReadRtpMap(string value, Dictionary<int, string> formats, ref int? events)
    {
        var parts = value.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != 2 || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int payloadType))
        {
            return;
        }

        string encoding = parts[1];
        if (encoding.StartsWith("PCMU/8000", StringComparison.OrdinalIgnoreCase) || encoding.StartsWith("PCMA/8000", StringComparison.OrdinalIgnoreCase))
        {
            formats[payloadType] = encoding;
        }
        else if (encoding.StartsWith("telephone-event/8000", StringComparison.OrdinalIgnoreCase))
        {
            events ??= payloadType;
        }
    }

    /// <summary>RFC 8839 §5.1: foundation component transport priority address port "typ" type; UDP, component 1, literal addresses only.</summary>
    private static bool TryReadHostCandidate(string value, out IPEndPoint candidate)
    {
        candidate = null!;
        var fields = value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length < 8 || fields[1] != "1" || !fields[2].Equals("udp", StringComparison.OrdinalIgnoreCase) || fields[6] != "typ")
        {
            return false;
        }

        if (!IPAddress.TryParse(fields[4], out var address) || !int.TryParse(fields[5], NumberStyles.None, CultureInfo.InvariantCulture, out int port) || port is 0 or > 65535)
        {
            return false; // e.g. an mDNS ".local" name, which this side cannot resolve; ICE finds the address by the peer's checks
        }

        candidate = new IPEndPoint(address, port);
        return true;
    }
}

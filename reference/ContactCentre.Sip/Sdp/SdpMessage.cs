using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;

namespace ContactCentre.Sip;

/// <summary>A session description (RFC 4566); enough of it for audio offer/answer (RFC 3264).</summary>
public sealed class SdpMessage
{
    public string Origin { get; init; } = "- 0 0 IN IP4 127.0.0.1";

    public string SessionName { get; init; } = "-";

    /// <summary>The session-level c= address, if any.</summary>
    public string? SessionConnectionAddress { get; init; }

    public string Timing { get; init; } = "0 0";

    /// <summary>Session-level attributes kept verbatim (without "a=").</summary>
    public IReadOnlyList<string> SessionAttributes { get; init; } = [];

    public IReadOnlyList<SdpMedia> Media { get; init; } = [];

    public SdpMedia? Audio => Media.FirstOrDefault(m => m.Media == "audio");

    /// <summary>The c= address of the audio media, else of the session (RFC 4566 §5.7).</summary>
    public string? ConnectionAddress => Audio?.ConnectionAddress ?? SessionConnectionAddress;

    public static SdpMessage CreateAudio(IPAddress address, int port, IReadOnlyList<SdpFormat> formats,
        string direction = "sendrecv", ulong sessionId = 0)
    {
        if (sessionId == 0)
        {
            sessionId = (ulong)RandomNumberGenerator.GetInt32(1, int.MaxValue);
        }
        var id = sessionId.ToString(CultureInfo.InvariantCulture);
        return new SdpMessage
        {
            Origin = $"- {id} {id} IN {AddressType(address)} {address}",
            SessionConnectionAddress = address.ToString(),
            Media =
            [
                new SdpMedia { Port = port, Formats = formats, Direction = direction, Ptime = 20 },
            ],
        };
    }

    public static bool TryParse(string text, out SdpMessage? sdp, out string? error)
    {
        sdp = null;
        error = null;
        var origin = "";
        var sessionName = "-";
        var timing = "0 0";
        string? sessionConnection = null;
        var sessionAttributes = new List<string>();
        var media = new List<MediaBuilder>();
        var lineNumber = 0;
        foreach (var raw in text.Split('\n'))
        {
            lineNumber++;
            var line = raw.TrimEnd('\r');
            if (line.Length == 0)
            {
                continue;
            }
            if (line.Length < 2 || line[1] != '=')
            {
                error = $"SDP line {lineNumber} is not type=value: '{line}'";
                return false;
            }
            var value = line[2..];
            var current = media.Count > 0 ? media[^1] : null;
            switch (line[0])
            {
                case 'v' when value != "0":
                    error = $"Unsupported SDP version '{value}'";
                    return false;
                case 'o': origin = value; break;
                case 's': sessionName = value; break;
                case 't': timing = value; break;
                case 'c':
                    var parts = value.Split(' ');
                    if (parts.Length != 3)
                    {
                        error = $"Malformed c= line {lineNumber}: '{value}'";
                        return false;
                    }
                    var address = parts[2].Split('/')[0];
                    if (current is null)
                    {
                        sessionConnection = address;
                    }
                    else
                    {
                        current.Connection = address;
                    }
                    break;
                case 'm':
                    var fields = value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                    if (fields.Length < 3 || !int.TryParse(fields[1].Split('/')[0], NumberStyles.None, CultureInfo.InvariantCulture, out var port))
                    {
                        error = $"Malformed m= line {lineNumber}: '{value}'";
                        return false;
                    }
                    var builder = new MediaBuilder(fields[0], port, fields[2]);
                    foreach (var pt in fields.Skip(3))
                    {
                        if (!int.TryParse(pt, NumberStyles.None, CultureInfo.InvariantCulture, out var payloadType))
                        {
                            if (fields[2].Contains("RTP", StringComparison.Ordinal))
                            {
                                error = $"Bad payload type '{pt}' on m= line {lineNumber}";
                                return false;
                            }
                            continue;
                        }
                        builder.PayloadTypes.Add(payloadType);
                    }
                    media.Add(builder);
                    break;
                case 'a':
                    if (current is null)
                    {
                        sessionAttributes.Add(value);
                    }
                    else if (!current.TryApply(value, out error))
                    {
                        error = $"{error} (line {lineNumber})";
                        return false;
                    }
                    break;
            }
        }
        if (origin.Length == 0)
        {
            error = "SDP has no o= line";
            return false;
        }
        var sessionDirection = sessionAttributes.FirstOrDefault(IsDirection);
        sdp = new SdpMessage
        {
            Origin = origin,
            SessionName = sessionName,
            Timing = timing,
            SessionConnectionAddress = sessionConnection,
            SessionAttributes = sessionAttributes,
            Media = media.Select(m => m.Build(sessionDirection)).ToList(),
        };
        return true;
    }

    internal static bool IsDirection(string attribute) =>
        attribute is "sendrecv" or "sendonly" or "recvonly" or "inactive";

    private static string AddressType(IPAddress address) =>
        address.AddressFamily == AddressFamily.InterNetworkV6 ? "IP6" : "IP4";

    private static string AddressType(string address) =>
        IPAddress.TryParse(address, out var ip) ? AddressType(ip) : "IP4";

    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append("v=0\r\n").Append("o=").Append(Origin).Append("\r\n")
            .Append("s=").Append(SessionName).Append("\r\n");
        if (SessionConnectionAddress is not null)
        {
            text.Append("c=IN ").Append(AddressType(SessionConnectionAddress)).Append(' ')
                .Append(SessionConnectionAddress).Append("\r\n");
        }
        text.Append("t=").Append(Timing).Append("\r\n");
        foreach (var attribute in SessionAttributes.Where(a => !IsDirection(a)))
        {
            text.Append("a=").Append(attribute).Append("\r\n");
        }
        foreach (var media in Media)
        {
            text.Append("m=").Append(media.Media).Append(' ').Append(media.Port.ToString(CultureInfo.InvariantCulture))
                .Append(' ').Append(media.Protocol);
            foreach (var format in media.Formats)
            {
                text.Append(' ').Append(format.PayloadType.ToString(CultureInfo.InvariantCulture));
            }
            text.Append("\r\n");
            if (media.ConnectionAddress is not null)
            {
                text.Append("c=IN ").Append(AddressType(media.ConnectionAddress)).Append(' ')
                    .Append(media.ConnectionAddress).Append("\r\n");
            }
            foreach (var format in media.Formats)
            {
                text.Append("a=rtpmap:").Append(format.PayloadType.ToString(CultureInfo.InvariantCulture)).Append(' ')
                    .Append(format.EncodingName).Append('/').Append(format.ClockRate.ToString(CultureInfo.InvariantCulture))
                    .Append("\r\n");
                if (format.Fmtp is not null)
                {
                    text.Append("a=fmtp:").Append(format.PayloadType.ToString(CultureInfo.InvariantCulture)).Append(' ')
                        .Append(format.Fmtp).Append("\r\n");
                }
            }
            if (media.Ptime is { } ptime)
            {
                text.Append("a=ptime:").Append(ptime.ToString(CultureInfo.InvariantCulture)).Append("\r\n");
            }
            foreach (var attribute in media.OtherAttributes)
            {
                text.Append("a=").Append(attribute).Append("\r\n");
            }
            text.Append("a=").Append(media.Direction).Append("\r\n");
        }
        return text.ToString();
    }

    /// <summary>Collects one m= section's lines before the formats can be resolved.</summary>
    private sealed class MediaBuilder(string media, int port, string protocol)
    {
        public List<int> PayloadTypes { get; } = [];

        public string? Connection { get; set; }

        private readonly Dictionary<int, (string Name, int ClockRate)> _rtpmaps = [];
        private readonly Dictionary<int, string> _fmtps = [];
        private readonly List<string> _other = [];
        private string? _direction;
        private int? _ptime;

        public bool TryApply(string attribute, out string? error)
        {
            error = null;
            if (IsDirection(attribute))
            {
                _direction = attribute;
                return true;
            }
            var colon = attribute.IndexOf(':', StringComparison.Ordinal);
            var name = colon >= 0 ? attribute[..colon] : attribute;
            var value = colon >= 0 ? attribute[(colon + 1)..] : "";
            switch (name)
            {
                case "rtpmap":
                    // a=rtpmap:<payload type> <encoding name>/<clock rate>[/<channels>]
                    var space = value.IndexOf(' ', StringComparison.Ordinal);
                    var encoding = space > 0 ? value[(space + 1)..].Split('/') : [];
                    if (space <= 0 || encoding.Length < 2
                        || !int.TryParse(value[..space], NumberStyles.None, CultureInfo.InvariantCulture, out var pt)
                        || !int.TryParse(encoding[1], NumberStyles.None, CultureInfo.InvariantCulture, out var rate))
                    {
                        error = $"Malformed rtpmap '{value}'";
                        return false;
                    }
                    _rtpmaps[pt] = (encoding[0], rate);
                    return true;
                case "fmtp":
                    var gap = value.IndexOf(' ', StringComparison.Ordinal);
                    if (gap > 0 && int.TryParse(value[..gap], NumberStyles.None, CultureInfo.InvariantCulture, out var fpt))
                    {
                        _fmtps[fpt] = value[(gap + 1)..].Trim();
                    }
                    return true;
                case "ptime":
                    if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var ptime))
                    {
                        _ptime = ptime;
                    }
                    return true;
                default:
                    _other.Add(attribute);
                    return true;
            }
        }

        public SdpMedia Build(string? sessionDirection) => new()
        {
            Media = media,
            Port = port,
            Protocol = protocol,
            ConnectionAddress = Connection,
            Direction = _direction ?? sessionDirection ?? "sendrecv",
            Ptime = _ptime,
            OtherAttributes = _other,
            Formats = PayloadTypes.Select(Resolve).ToList(),
        };

        private SdpFormat Resolve(int payloadType)
        {
            _fmtps.TryGetValue(payloadType, out var fmtp);
            if (_rtpmaps.TryGetValue(payloadType, out var map))
            {
                return new SdpFormat(payloadType, map.Name, map.ClockRate, fmtp);
            }
            var known = SdpFormat.Static(payloadType) ?? new SdpFormat(payloadType, "", 0);
            return known with { Fmtp = fmtp };
        }
    }
}

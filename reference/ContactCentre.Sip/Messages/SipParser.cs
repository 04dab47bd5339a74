using System.Globalization;
using System.Text;

namespace ContactCentre.Sip;

/// <summary>Parses one SIP message from a datagram or a framed stream segment (RFC 3261 §7).</summary>
public static class SipParser
{
    private static readonly byte[] CrLfCrLf = "\r\n\r\n"u8.ToArray();
    private static readonly byte[] LfLf = "\n\n"u8.ToArray();

    /// <summary>Largest message accepted; a UDP datagram cannot exceed it and a stream peer must not (RFC 3261 §18.1.1).</summary>
    public const int MaxMessageSize = 64 * 1024;

    /// <summary>Most header fields accepted (after splitting comma lists), bounding the work one message can cause.</summary>
    public const int MaxHeaderCount = 256;

    /// <summary>Parses a message; on failure <paramref name="error"/> names the fault and no message is returned.</summary>
    public static bool TryParse(ReadOnlySpan<byte> data, out SipMessage? message, out string? error)
    {
        var parsed = Parse(data, out error);
        message = error is null ? parsed : null;
        return error is null;
    }

    /// <summary>
    /// Parses as far as possible: a message whose headers are well formed is returned even when its request line
    /// is faulty (extra whitespace, another SIP version) or Content-Length does not fit, with the fault in
    /// <paramref name="error"/>, so the caller can still answer it (400, 505). Limits: <see cref="MaxMessageSize"/>
    /// bytes and <see cref="MaxHeaderCount"/> header fields.
    /// </summary>
    internal static SipMessage? Parse(ReadOnlySpan<byte> data, out string? error)
    {
        // RFC 3261 §7.5: CRLFs before the start line are ignored.
        while (data.Length > 0 && (data[0] == (byte)'\r' || data[0] == (byte)'\n'))
        {
            data = data[1..];
        }
        if (data.IsEmpty)
        {
            error = "Empty message";
            return null;
        }
        if (data.Length > MaxMessageSize)
        {
            error = $"Message too large: {data.Length} bytes, limit {MaxMessageSize}";
            return null;
        }
        var separator = CrLfCrLf;
        var headEnd = data.IndexOf(CrLfCrLf);
        if (headEnd < 0)
        {
            separator = LfLf;
            headEnd = data.IndexOf(LfLf);
        }
        if (headEnd < 0)
        {
            error = "Header section is not terminated by an empty line";
            return null;
        }
        var head = Encoding.UTF8.GetString(data[..headEnd]);
        var rest = data[(headEnd + separator.Length)..];
        var lines = UnfoldLines(head);
        var message = ParseStartLine(lines[0], out var startLineError);
        if (message is null)
        {
            error = startLineError;
            return null;
        }
        for (var i = 1; i < lines.Count; i++)
        {
            var line = lines[i];
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            var name = colon > 0 ? line[..colon].Trim() : "";
            if (!SipMethods.IsToken(name))
            {
                error = $"Malformed header line {i + 1}: '{Shorten(line)}'";
                return null;
            }
            message.Headers.AddParsed(name, line[(colon + 1)..].Trim());
            if (message.Headers.Count > MaxHeaderCount)
            {
                error = $"Too many header fields: limit {MaxHeaderCount}";
                return null;
            }
        }
        error = startLineError;
        var lengthText = message.Headers[HeaderNames.ContentLength];
        if (lengthText is null)
        {
            message.Body = rest.ToArray();
            return message;
        }
        if (startLineError is not null)
        {
            message.Body = rest.ToArray();
            return message;
        }
        if (!int.TryParse(lengthText, NumberStyles.None, CultureInfo.InvariantCulture, out var length))
        {
            error = $"Bad Content-Length header '{Shorten(lengthText)}'";
            return message;
        }
        if (length > rest.Length)
        {
            error = $"Content-Length mismatch: header says {length} bytes, body has {rest.Length}";
            message.Body = rest.ToArray();
            return message;
        }
        // RFC 3261 §18.3: bytes beyond Content-Length in a datagram are discarded.
        message.Body = rest[..length].ToArray();
        return message;
    }

    /// <summary>
    /// Splits the header section into logical lines. RFC 3261 §7.3.1: a line starting with whitespace continues
    /// the previous header, and the fold counts as a single space. Built with one buffer per field so that a flood
    /// of folds costs linear time.
    /// </summary>
    private static List<string> UnfoldLines(string head)
    {
        var lines = new List<string>();
        var field = new StringBuilder();
        var building = false;
        foreach (var raw in head.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (building && line.Length > 0 && (line[0] == ' ' || line[0] == '\t'))
            {
                while (field.Length > 0 && char.IsWhiteSpace(field[^1]))
                {
                    field.Length--;
                }
                field.Append(' ').Append(line.AsSpan().Trim());
                continue;
            }
            if (building)
            {
                lines.Add(field.ToString());
            }
            if (lines.Count == 0 && !building)
            {
                // The start line takes no continuations.
                lines.Add(line);
                continue;
            }
            field.Clear().Append(line);
            building = true;
        }
        if (building)
        {
            lines.Add(field.ToString());
        }
        return lines;
    }

    private static SipMessage? ParseStartLine(string line, out string? error)
    {
        error = null;
        if (line.StartsWith("SIP/", StringComparison.OrdinalIgnoreCase))
        {
            var parts = line.Split(' ', 3);
            if (parts.Length < 2 || !string.Equals(parts[0], "SIP/2.0", StringComparison.OrdinalIgnoreCase))
            {
                error = $"Malformed status line '{Shorten(line)}'";
                return null;
            }
            if (parts[1].Length != 3
                || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var code)
                || code is < 100 or > 699)
            {
                error = $"Bad status code '{Shorten(parts[1])}'";
                return null;
            }
            return new SipResponse(code, parts.Length == 3 ? parts[2].Trim() : "");
        }
        return ParseRequestLine(line, out error);
    }

    /// <summary>
    /// RFC 3261 §7.1: Method SP Request-URI SP SIP-Version, single spaces, nothing after the version.
    /// A line with a token method and a version is still returned with the fault set, so the sender can be
    /// answered (400, or 505 for another version) instead of silently dropped (RFC 4475 §3.1.2.7-10, §3.1.2.16).
    /// </summary>
    private static SipRequest? ParseRequestLine(string line, out string? error)
    {
        error = null;
        var firstSpace = line.IndexOf(' ', StringComparison.Ordinal);
        var trimmed = line.TrimEnd(' ', '\t');
        var lastSpace = trimmed.LastIndexOf(' ');
        if (firstSpace <= 0 || lastSpace <= firstSpace || !SipMethods.IsToken(line.AsSpan(0, firstSpace)))
        {
            error = $"Malformed request line '{Shorten(line)}'";
            return null;
        }
        var version = trimmed[(lastSpace + 1)..];
        var uri = trimmed[(firstSpace + 1)..lastSpace];
        if (!version.StartsWith("SIP/", StringComparison.OrdinalIgnoreCase) || uri.Trim().Length == 0)
        {
            error = $"Malformed request line '{Shorten(line)}'";
            return null;
        }
        var request = new SipRequest(line[..firstSpace], uri.Trim()) { Version = version };
        if (trimmed.Length != line.Length)
        {
            error = "Malformed request line: whitespace after the SIP version";
        }
        else if (uri.Length != uri.Trim().Length)
        {
            error = "Malformed request line: elements must be separated by a single space";
        }
        else if (uri.AsSpan().IndexOfAny(' ', '\t') >= 0)
        {
            error = $"Malformed request line: whitespace inside the Request-URI '{Shorten(uri)}'";
        }
        else if (!string.Equals(version, SipRequest.Version20, StringComparison.OrdinalIgnoreCase))
        {
            error = $"Unsupported SIP version '{Shorten(version)}'";
        }
        return request;
    }

    private static string Shorten(string text) => text.Length <= 60 ? text : text[..60] + "...";
}

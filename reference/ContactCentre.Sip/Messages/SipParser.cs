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
        // The header section is kept as received; fields are byte ranges into it, decoded when read.
        var head = data[..headEnd].ToArray();
        var rest = data[(headEnd + separator.Length)..];
        var startLineEnd = Array.IndexOf(head, (byte)'\n');
        var startLine = Encoding.UTF8.GetString(TrimLineEnd(startLineEnd < 0 ? head : head.AsSpan(0, startLineEnd)));
        var message = ParseStartLine(startLine, head, CountLines(head), out var startLineError);
        if (message is null)
        {
            error = startLineError;
            return null;
        }
        if (startLineEnd >= 0 && ReadHeaders(head, startLineEnd + 1, message.Headers) is { } headerError)
        {
            error = headerError;
            return null;
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
    /// Reads the header fields from <paramref name="position"/> on. RFC 3261 §7.3.1: a line starting with whitespace
    /// continues the previous field and the fold reads as one space; list headers (Via, Contact, Route,
    /// Record-Route) are split on commas into one field per value. Linear in the section's length.
    /// </summary>
    private static string? ReadHeaders(byte[] head, int position, SipHeaders headers)
    {
        var elements = ListScratch ??= new List<(int, int)>(8);
        var lineNumber = 1;
        while (position < head.Length)
        {
            lineNumber++;
            var lineStart = position;
            var lineEnd = LineEnd(head, lineStart);
            var folded = false;
            // Continuation lines belong to this field.
            while (lineEnd + 1 < head.Length && head[lineEnd + 1] is (byte)' ' or (byte)'\t')
            {
                lineEnd = LineEnd(head, lineEnd + 1);
                folded = true;
            }
            position = lineEnd + 1;
            var line = head.AsSpan(lineStart, lineEnd - lineStart);
            var colon = line.IndexOf((byte)':');
            var nameOffset = 0;
            var name = colon > 0 ? Trim(line[..colon], out nameOffset) : default;
            if (!IsToken(name))
            {
                return $"Malformed header line {lineNumber}: '{Shorten(Encoding.UTF8.GetString(TrimLineEnd(line)))}'";
            }
            nameOffset += lineStart;
            var value = Trim(line[(colon + 1)..], out var valueOffset);
            valueOffset += lineStart + colon + 1;
            var canonical = HeaderNames.TryCanonical(name, out var known) ? known : null;
            if (canonical is not null && HeaderNames.IsList(canonical) && !IsStar(value))
            {
                elements.Clear();
                SipHeaders.ListElements(value, elements);
                foreach (var (start, length) in elements)
                {
                    headers.AddReceived(canonical, nameOffset, name.Length, valueOffset + start, length, folded);
                }
            }
            else
            {
                headers.AddReceived(canonical, nameOffset, name.Length, valueOffset, value.Length, folded);
            }
            if (headers.Count > MaxHeaderCount)
            {
                return $"Too many header fields: limit {MaxHeaderCount}";
            }
        }
        return null;
    }

    // Reused by each thread's parses so splitting a list header allocates nothing.
    [ThreadStatic]
    private static List<(int, int)>? ListScratch;

    /// <summary>Index of the line's '\n', or the end of the section for the last line.</summary>
    private static int LineEnd(byte[] head, int start)
    {
        var newline = head.AsSpan(start).IndexOf((byte)'\n');
        return newline < 0 ? head.Length : start + newline;
    }

    private static int CountLines(ReadOnlySpan<byte> head) => head.Count((byte)'\n') + 1;

    private static ReadOnlySpan<byte> TrimLineEnd(ReadOnlySpan<byte> line) =>
        line.Length > 0 && line[^1] == (byte)'\r' ? line[..^1] : line;

    private static ReadOnlySpan<byte> Trim(ReadOnlySpan<byte> text, out int offset)
    {
        var start = 0;
        var end = text.Length;
        while (start < end && SipHeaders.IsWhitespace(text[start]))
        {
            start++;
        }
        while (end > start && SipHeaders.IsWhitespace(text[end - 1]))
        {
            end--;
        }
        offset = start;
        return text[start..end];
    }

    private static bool IsStar(ReadOnlySpan<byte> value) => value.Length == 1 && value[0] == (byte)'*';

    /// <summary>RFC 3261 §25.1 token characters.</summary>
    private static bool IsToken(ReadOnlySpan<byte> text)
    {
        if (text.IsEmpty)
        {
            return false;
        }
        foreach (var ch in text)
        {
            if (!(char.IsAsciiLetterOrDigit((char)ch) || "-.!%*_+`'~"u8.Contains(ch)))
            {
                return false;
            }
        }
        return true;
    }

    private static SipMessage? ParseStartLine(string line, byte[] head, int lineCount, out string? error)
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
            return new SipResponse(code, parts.Length == 3 ? parts[2].Trim() : "", new SipHeaders(head, lineCount));
        }
        return ParseRequestLine(line, new SipHeaders(head, lineCount), out error);
    }

    /// <summary>
    /// RFC 3261 §7.1: Method SP Request-URI SP SIP-Version, single spaces, nothing after the version.
    /// A line with a token method and a version is still returned with the fault set, so the sender can be
    /// answered (400, or 505 for another version) instead of silently dropped (RFC 4475 §3.1.2.7-10, §3.1.2.16).
    /// </summary>
    private static SipRequest? ParseRequestLine(string line, SipHeaders headers, out string? error)
    {
        error = null;
        var text = line.AsSpan();
        var firstSpace = text.IndexOf(' ');
        var trimmed = text.TrimEnd(" \t");
        var lastSpace = trimmed.LastIndexOf(' ');
        if (firstSpace <= 0 || lastSpace <= firstSpace || !SipMethods.IsToken(text[..firstSpace]))
        {
            error = $"Malformed request line '{Shorten(line)}'";
            return null;
        }
        var version = trimmed[(lastSpace + 1)..];
        var uri = trimmed[(firstSpace + 1)..lastSpace];
        var uriCore = uri.Trim();
        if (!version.StartsWith("SIP/", StringComparison.OrdinalIgnoreCase) || uriCore.IsEmpty)
        {
            error = $"Malformed request line '{Shorten(line)}'";
            return null;
        }
        var isVersion20 = version.Equals(SipRequest.Version20, StringComparison.Ordinal);
        var request = new SipRequest(SipMethods.Intern(text[..firstSpace]), uriCore.ToString(), headers)
        {
            Version = isVersion20 ? SipRequest.Version20 : version.ToString(),
        };
        if (trimmed.Length != text.Length)
        {
            error = "Malformed request line: whitespace after the SIP version";
        }
        else if (uri.Length != uriCore.Length)
        {
            error = "Malformed request line: elements must be separated by a single space";
        }
        else if (uri.IndexOfAny(' ', '\t') >= 0)
        {
            error = $"Malformed request line: whitespace inside the Request-URI '{Shorten(uri.ToString())}'";
        }
        else if (!version.Equals(SipRequest.Version20, StringComparison.OrdinalIgnoreCase))
        {
            error = $"Unsupported SIP version '{Shorten(version.ToString())}'";
        }
        return request;
    }

    private static string Shorten(string text) => text.Length <= 60 ? text : text[..60] + "...";
}

using System.Globalization;
using System.Text;

namespace ContactCentre.Sip;

/// <summary>Parses one SIP message from a datagram or a framed stream segment (RFC 3261 §7).</summary>
public static class SipParser
{
    private static readonly byte[] CrLfCrLf = "\r\n\r\n"u8.ToArray();
    private static readonly byte[] LfLf = "\n\n"u8.ToArray();

    /// <summary>Parses a message; on failure <paramref name="error"/> names the fault and no message is returned.</summary>
    public static bool TryParse(ReadOnlySpan<byte> data, out SipMessage? message, out string? error)
    {
        var parsed = Parse(data, out error);
        message = error is null ? parsed : null;
        return error is null;
    }

    /// <summary>
    /// Parses as far as possible: a message whose start line and headers are well formed is returned
    /// even when a later check (Content-Length) fails, so the caller can still answer it with a 400.
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
        var message = ParseStartLine(lines[0], out error);
        if (message is null)
        {
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
        }
        var lengthText = message.Headers[HeaderNames.ContentLength];
        if (lengthText is null)
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

    private static List<string> UnfoldLines(string head)
    {
        var lines = new List<string>();
        foreach (var raw in head.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            // RFC 3261 §7.3.1: a line starting with whitespace continues the previous header.
            if (lines.Count > 1 && line.Length > 0 && (line[0] == ' ' || line[0] == '\t'))
            {
                lines[^1] = lines[^1].TrimEnd() + " " + line.Trim();
            }
            else
            {
                lines.Add(line);
            }
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
        var fields = line.Split(' ');
        if (fields.Length != 3 || !SipMethods.IsToken(fields[0]) || !fields[1].Contains(':', StringComparison.Ordinal))
        {
            error = $"Malformed request line '{Shorten(line)}'";
            return null;
        }
        if (!string.Equals(fields[2], "SIP/2.0", StringComparison.OrdinalIgnoreCase))
        {
            error = $"Unsupported SIP version '{Shorten(fields[2])}'";
            return null;
        }
        return new SipRequest(fields[0], fields[1]);
    }

    private static string Shorten(string text) => text.Length <= 60 ? text : text[..60] + "...";
}

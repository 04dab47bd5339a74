using System.Globalization;
using System.Text;

namespace ContactCentre.Sip;

/// <summary>
/// Splits a TCP byte stream into SIP messages using Content-Length (RFC 3261 §18.3), which is
/// mandatory on streams. CRLF keep-alives between messages (RFC 5626 §3.5.1) are skipped.
/// </summary>
internal sealed class StreamFramer
{
    private const int MaxMessage = 1 << 20;
    private byte[] _buffer = new byte[8192];
    private int _count;

    /// <summary>Appends received bytes; returns false if the stream is unusable (oversized or broken framing).</summary>
    public bool Append(ReadOnlySpan<byte> data)
    {
        if (_count + data.Length > MaxMessage)
        {
            return false;
        }
        if (_count + data.Length > _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _count + data.Length));
        }
        data.CopyTo(_buffer.AsSpan(_count));
        _count += data.Length;
        return true;
    }

    /// <summary>Takes the next complete message, or returns null when more bytes are needed.</summary>
    public byte[]? TryTake(out string? error)
    {
        error = null;
        var skip = 0;
        while (skip < _count && (_buffer[skip] == (byte)'\r' || _buffer[skip] == (byte)'\n'))
        {
            skip++;
        }
        Consume(skip);
        var span = _buffer.AsSpan(0, _count);
        var headEnd = span.IndexOf("\r\n\r\n"u8);
        if (headEnd < 0)
        {
            return null;
        }
        var length = ContentLength(span[..headEnd], out error);
        if (length < 0)
        {
            return null;
        }
        var total = headEnd + 4 + length;
        if (total > _count)
        {
            return null;
        }
        var message = span[..total].ToArray();
        Consume(total);
        return message;
    }

    private void Consume(int bytes)
    {
        if (bytes == 0)
        {
            return;
        }
        Buffer.BlockCopy(_buffer, bytes, _buffer, 0, _count - bytes);
        _count -= bytes;
    }

    private static int ContentLength(ReadOnlySpan<byte> head, out string? error)
    {
        error = null;
        foreach (var line in Encoding.UTF8.GetString(head).Split("\r\n"))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                continue;
            }
            var name = line[..colon].Trim();
            if (name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase) || name.Equals("l", StringComparison.OrdinalIgnoreCase))
            {
                if (int.TryParse(line[(colon + 1)..].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var length))
                {
                    return length;
                }
                error = "Bad Content-Length on stream";
                return -1;
            }
        }
        // Without Content-Length on a stream the body is taken as empty.
        return 0;
    }
}

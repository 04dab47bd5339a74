using System.Buffers;
using System.Globalization;
using System.Text;

namespace ContactCentre.Sip;

/// <summary>A SIP request or response (RFC 3261 §7): start line, ordered headers and an opaque body.</summary>
public abstract class SipMessage
{
    private protected SipMessage(SipHeaders headers)
    {
        Headers = headers;
    }

    public SipHeaders Headers { get; }

    /// <summary>The body's exact bytes; Content-Length is computed from it when serialising.</summary>
    public byte[] Body { get; set; } = [];

    public string BodyText => Encoding.UTF8.GetString(Body);

    public string? CallId => Headers[HeaderNames.CallId];

    public string? From => Headers[HeaderNames.From];

    public string? To => Headers[HeaderNames.To];

    public string? TopVia => Headers[HeaderNames.Via];

    public string? ContentType => Headers[HeaderNames.ContentType];

    /// <summary>The CSeq header (RFC 3261 §20.16), or null when absent or malformed.</summary>
    public (uint Number, string Method)? CSeq => TryParseCSeq(Headers[HeaderNames.CSeq]);

    /// <summary>The tag parameter of From, or null.</summary>
    public string? FromTag => NameAddress.TryParse(From ?? "", out var from) ? from!.Tag : null;

    /// <summary>The tag parameter of To, or null.</summary>
    public string? ToTag => NameAddress.TryParse(To ?? "", out var to) ? to!.Tag : null;

    protected abstract string StartLine { get; }

    /// <summary>
    /// The message on the wire. Fields received unchanged are copied as their original bytes; Content-Length is
    /// written from the body.
    /// </summary>
    public byte[] ToBytes()
    {
        var startLine = StartLine;
        // UTF-8 needs at most three bytes per UTF-16 char; ": " and CRLF add four per field.
        var bound = startLine.Length * 3 + 2 + 32 + Body.Length;
        for (var i = 0; i < Headers.Count; i++)
        {
            bound += Headers.SizeBound(i) + 4;
        }
        var buffer = ArrayPool<byte>.Shared.Rent(bound);
        try
        {
            var written = 0;
            Write(buffer, ref written, startLine);
            Write(buffer, ref written, "\r\n"u8);
            for (var i = 0; i < Headers.Count; i++)
            {
                if (Headers.IsContentLength(i))
                {
                    continue;
                }
                if (Headers.TryGetReceived(i, out var rawName, out var rawValue))
                {
                    if (rawName.IsEmpty)
                    {
                        Write(buffer, ref written, Headers.NameOf(i));
                    }
                    else
                    {
                        Write(buffer, ref written, rawName);
                    }
                    Write(buffer, ref written, ": "u8);
                    Write(buffer, ref written, rawValue);
                }
                else
                {
                    Write(buffer, ref written, Headers.NameOf(i));
                    Write(buffer, ref written, ": "u8);
                    Write(buffer, ref written, Headers.ValueOf(i));
                }
                Write(buffer, ref written, "\r\n"u8);
            }
            Write(buffer, ref written, HeaderNames.ContentLength);
            Write(buffer, ref written, ": "u8);
            Body.Length.TryFormat(buffer.AsSpan(written), out var digits, provider: CultureInfo.InvariantCulture);
            written += digits;
            Write(buffer, ref written, "\r\n\r\n"u8);
            Write(buffer, ref written, Body);
            return buffer.AsSpan(0, written).ToArray();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static void Write(byte[] buffer, ref int written, string text) =>
        written += Encoding.UTF8.GetBytes(text, buffer.AsSpan(written));

    private static void Write(byte[] buffer, ref int written, ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(buffer.AsSpan(written));
        written += bytes.Length;
    }

    public override string ToString() => Encoding.UTF8.GetString(ToBytes());

    internal static (uint Number, string Method)? TryParseCSeq(string? value)
    {
        if (value is null)
        {
            return null;
        }
        var parts = value.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != 2
            || !uint.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            || !SipMethods.IsToken(parts[1]))
        {
            return null;
        }
        return (number, parts[1]);
    }
}

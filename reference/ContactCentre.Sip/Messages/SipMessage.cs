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
    public (uint Number, string Method)? CSeq => ParseOnce(Headers[HeaderNames.CSeq], ref _cseq, static h => TryParseCSeq(h));

    /// <summary>The tag parameter of From, or null.</summary>
    public string? FromTag => FromAddress?.Tag;

    /// <summary>The tag parameter of To, or null.</summary>
    public string? ToTag => ToAddress?.Tag;

    /// <summary>From parsed (once per value), or null when absent or malformed.</summary>
    internal NameAddress? FromAddress => ParseOnce(From, ref _from, ParseAddress);

    /// <summary>To parsed (once per value), or null when absent or malformed.</summary>
    internal NameAddress? ToAddress => ParseOnce(To, ref _to, ParseAddress);

    /// <summary>The top Via parsed (once per value), or null when absent or malformed.</summary>
    internal ViaHeader? TopViaHeader => ParseOnce(TopVia, ref _via, static h => ViaHeader.TryParse(h, out var via) ? via : null);

    // From, To, the top Via and CSeq are read many times per message (transaction and dialog matching): each is parsed once per
    // header value. A cache entry is one object, so a reader on another thread sees a whole entry or none.
    private Parsed<NameAddress?>? _from;
    private Parsed<NameAddress?>? _to;
    private Parsed<ViaHeader?>? _via;
    private Parsed<(uint Number, string Method)?>? _cseq;

    private sealed record Parsed<T>(string Header, T Value);

    private static T? ParseOnce<T>(string? header, ref Parsed<T>? cache, Func<string, T> parse)
    {
        if (header is null)
        {
            return default;
        }
        if (Volatile.Read(ref cache) is { } cached && ReferenceEquals(cached.Header, header))
        {
            return cached.Value;
        }
        var value = parse(header);
        Volatile.Write(ref cache, new Parsed<T>(header, value));
        return value;
    }

    private static NameAddress? ParseAddress(string header) => NameAddress.TryParse(header, out var address) ? address : null;

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
        // RFC 3261 §20.16: CSeq = 1*DIGIT LWS Method.
        var text = value.AsSpan().Trim();
        var space = text.IndexOfAny(' ', '\t');
        if (space <= 0)
        {
            return null;
        }
        var method = text[space..].TrimStart();
        if (!uint.TryParse(text[..space], NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            || !SipMethods.IsToken(method))
        {
            return null;
        }
        return (number, SipMethods.Intern(method));
    }
}

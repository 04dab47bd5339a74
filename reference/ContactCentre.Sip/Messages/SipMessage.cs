using System.Globalization;
using System.Text;

namespace ContactCentre.Sip;

/// <summary>A SIP request or response (RFC 3261 §7): start line, ordered headers and an opaque body.</summary>
public abstract class SipMessage
{
    public SipHeaders Headers { get; } = new();

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

    public byte[] ToBytes()
    {
        var text = new StringBuilder(256 + Body.Length);
        text.Append(StartLine).Append("\r\n");
        foreach (var (name, value) in Headers)
        {
            if (!string.Equals(name, HeaderNames.ContentLength, StringComparison.OrdinalIgnoreCase))
            {
                text.Append(name).Append(": ").Append(value).Append("\r\n");
            }
        }
        text.Append(HeaderNames.ContentLength).Append(": ")
            .Append(Body.Length.ToString(CultureInfo.InvariantCulture)).Append("\r\n\r\n");
        var head = Encoding.UTF8.GetByteCount(text.ToString());
        var bytes = new byte[head + Body.Length];
        Encoding.UTF8.GetBytes(text.ToString(), bytes);
        Body.CopyTo(bytes, head);
        return bytes;
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

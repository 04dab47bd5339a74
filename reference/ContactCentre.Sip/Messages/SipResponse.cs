using System.Globalization;

namespace ContactCentre.Sip;

/// <summary>A SIP response (RFC 3261 §7.2).</summary>
public sealed class SipResponse : SipMessage
{
    public SipResponse(int statusCode, string reason)
        : this(statusCode, reason, new SipHeaders())
    {
    }

    internal SipResponse(int statusCode, string reason, SipHeaders headers)
        : base(headers)
    {
        StatusCode = statusCode;
        Reason = reason;
    }

    public int StatusCode { get; }

    public string Reason { get; set; }

    public bool IsProvisional => StatusCode < 200;

    public bool IsSuccess => StatusCode is >= 200 and < 300;

    protected override string StartLine =>
        $"SIP/2.0 {StatusCode.ToString(CultureInfo.InvariantCulture)} {Reason}";
}

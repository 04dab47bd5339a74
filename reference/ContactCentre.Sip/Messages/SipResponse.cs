using System.Globalization;

namespace ContactCentre.Sip;

/// <summary>A SIP response (RFC 3261 §7.2).</summary>
public sealed class SipResponse(int statusCode, string reason) : SipMessage
{
    public int StatusCode { get; } = statusCode;

    public string Reason { get; set; } = reason;

    public bool IsProvisional => StatusCode < 200;

    public bool IsSuccess => StatusCode is >= 200 and < 300;

    protected override string StartLine =>
        $"SIP/2.0 {StatusCode.ToString(CultureInfo.InvariantCulture)} {Reason}";
}

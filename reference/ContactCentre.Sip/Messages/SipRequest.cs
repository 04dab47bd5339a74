namespace ContactCentre.Sip;

/// <summary>A SIP request (RFC 3261 §7.1).</summary>
public sealed class SipRequest(string method, string requestUri) : SipMessage
{
    public string Method { get; } = method;

    public string RequestUri { get; set; } = requestUri;

    protected override string StartLine => $"{Method} {RequestUri} SIP/2.0";
}

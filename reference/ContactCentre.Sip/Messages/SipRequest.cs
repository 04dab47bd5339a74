namespace ContactCentre.Sip;

/// <summary>A SIP request (RFC 3261 §7.1).</summary>
public sealed class SipRequest(string method, string requestUri) : SipMessage
{
    public string Method { get; } = method;

    public const string Version20 = "SIP/2.0";

    public string RequestUri { get; set; } = requestUri;

    /// <summary>The SIP-Version of the Request-Line as received; anything but SIP/2.0 is answered 505 (RFC 3261 §7.1, §21.5.20).</summary>
    public string Version { get; init; } = Version20;

    protected override string StartLine => $"{Method} {RequestUri} {Version}";
}

namespace ContactCentre.Sip;

/// <summary>A SIP request (RFC 3261 §7.1).</summary>
public sealed class SipRequest : SipMessage
{
    public SipRequest(string method, string requestUri)
        : this(method, requestUri, new SipHeaders())
    {
    }

    internal SipRequest(string method, string requestUri, SipHeaders headers)
        : base(headers)
    {
        Method = method;
        RequestUri = requestUri;
    }

    public string Method { get; }

    public const string Version20 = "SIP/2.0";

    public string RequestUri { get; set; }

    /// <summary>The SIP-Version of the Request-Line as received; anything but SIP/2.0 is answered 505 (RFC 3261 §7.1, §21.5.20).</summary>
    public string Version { get; init; } = Version20;

    protected override string StartLine => $"{Method} {RequestUri} {Version}";
}

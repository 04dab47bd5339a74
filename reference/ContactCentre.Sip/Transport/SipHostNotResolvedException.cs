namespace ContactCentre.Sip;

/// <summary>A request target's host name has no usable address (RFC 3263 §4.3: the request cannot be sent).</summary>
public sealed class SipHostNotResolvedException(string host, string why, Exception? inner = null)
    : Exception($"Cannot resolve SIP host '{host}': {why}", inner)
{
    public string Host { get; } = host;
}

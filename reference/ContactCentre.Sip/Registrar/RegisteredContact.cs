using System.Net;

namespace ContactCentre.Sip;

/// <summary>
/// One binding of an address-of-record to a phone's contact URI (RFC 3261 §10.2.1), with what the registrar
/// needs to order refreshes (Call-ID, CSeq) and to reach the phone (the address the REGISTER came from).
/// </summary>
public sealed record RegisteredContact(string Uri, DateTimeOffset ExpiresAt, string CallId, uint CSeq)
{
    /// <summary>The q-value preference, 0 to 1, when the phone gave one.</summary>
    public double? Q { get; init; }

    /// <summary>Where the REGISTER came from: the address to use when the contact URI is behind NAT.</summary>
    public IPEndPoint? Source { get; init; }

    public SipTransportKind Transport { get; init; } = SipTransportKind.Udp;

    /// <summary>
    /// Where to send a request to this phone: the contact URI's IP and port (default 5060), or the REGISTER's
    /// source when the URI names a host name.
    /// </summary>
    public IPEndPoint? Destination
    {
        get
        {
            return SipUri.TryParse(Uri, out var uri) && uri!.IpEndPoint is { } direct ? direct : Source;
        }
    }

    public TimeSpan RemainingAt(DateTimeOffset now) => ExpiresAt > now ? ExpiresAt - now : TimeSpan.Zero;
}

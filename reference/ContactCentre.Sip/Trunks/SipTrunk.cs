using System.Net;

namespace ContactCentre.Sip;

/// <summary>
/// A carrier's SIP trunk as configured: where its INVITEs may come from, where our calls to it go, the
/// credentials it challenges us for, and whether we keep a registration with it.
/// </summary>
/// <param name="Name">The name operators know the trunk by, e.g. "carrier-a".</param>
/// <param name="InboundAddresses">Sources whose INVITEs are accepted as this trunk's.</param>
/// <param name="OutboundProxy">Where outgoing calls through this trunk are sent; null for an inbound-only trunk.</param>
public sealed record SipTrunk(string Name, IReadOnlyList<AddressRange> InboundAddresses, IPEndPoint? OutboundProxy)
{
    /// <summary>Answers the carrier's 401/407 challenges on calls and registrations.</summary>
    public SipCredentials? Credentials { get; init; }

    public SipTransportKind Transport { get; init; } = SipTransportKind.Udp;

    /// <summary>Present when the carrier wants us to REGISTER with it.</summary>
    public TrunkRegistration? Registration { get; init; }

    public bool Accepts(IPAddress source) => InboundAddresses.Any(range => range.Contains(source));

    /// <summary>
    /// A call to <paramref name="number"/> through this trunk: sent to the outbound proxy as
    /// <c>sip:number@proxy</c>, answering the carrier's challenges with the trunk's credentials.
    /// </summary>
    public OutgoingCallOptions Call(string number, string fromUri, string sdpOffer)
    {
        var proxy = OutboundProxy
            ?? throw new InvalidOperationException($"Trunk {Name} has no outbound proxy; it cannot carry outgoing calls.");
        var host = proxy.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{proxy.Address}]" : proxy.Address.ToString();
        var uri = $"sip:{number}@{host}:{proxy.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)}";
        return new OutgoingCallOptions(uri, proxy, fromUri, uri, sdpOffer)
        {
            Transport = Transport,
            Credentials = Credentials,
        };
    }
}

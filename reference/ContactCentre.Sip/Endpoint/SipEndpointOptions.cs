using System.Net;

namespace ContactCentre.Sip;

/// <summary>Where an endpoint listens and the RFC 3261 §17 timer base it runs with.</summary>
public sealed record SipEndpointOptions(IPAddress Address, int Port, bool EnableTcp = true, string UserAgent = "ContactCentreRef")
{
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>RTT estimate; retransmission intervals start here and transactions end after 64*T1.</summary>
    public TimeSpan T1 { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Maximum retransmission interval for non-INVITE requests and INVITE responses.</summary>
    public TimeSpan T2 { get; init; } = TimeSpan.FromSeconds(4);

    /// <summary>Maximum time a message stays in the network (timers I and K).</summary>
    public TimeSpan T4 { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The address put in Via and Contact when <see cref="Address"/> is a wildcard.</summary>
    public IPAddress? AdvertisedAddress { get; init; }

    /// <summary>
    /// How long a new INVITE may wait for the application's final response before the endpoint answers
    /// 408 itself (the UAS counterpart of RFC 3261 §16.6 timer C, which is "greater than 3 minutes").
    /// </summary>
    public TimeSpan InviteAnswerTimeout { get; init; } = TimeSpan.FromMinutes(3);

    /// <summary>
    /// The session interval we ask for in our 2xx when the caller did not (RFC 4028 §9); null, the default,
    /// only honours a Session-Expires the peer asks for.
    /// </summary>
    public TimeSpan? SessionExpires { get; init; }

    /// <summary>The smallest session interval we accept (Min-SE, RFC 4028 §5); smaller requests get 422.</summary>
    public TimeSpan MinSessionExpires { get; init; } = TimeSpan.FromSeconds(90);

    /// <summary>
    /// Per-source-IP limit on new requests (503 with Retry-After, then silent drop); null, the default, turns it
    /// off because a load generator or an SBC sends everything from one address.
    /// </summary>
    public SourceRateLimit? RateLimit { get; init; }

    /// <summary>
    /// A TCP connection with no traffic in either direction for this long is closed, unless a transaction or a
    /// dialog still uses it. RFC 3261 §18 leaves the lifetime to local policy beyond "at least the transaction";
    /// five minutes outlives any transaction (64*T1, timer C) and is far shorter than a stale NAT binding.
    /// </summary>
    public TimeSpan TcpIdleTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// The longest a host-name lookup may take before the request fails as unresolvable; the system resolver's own
    /// retries can run for tens of seconds when no DNS server answers.
    /// </summary>
    public TimeSpan HostResolveTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Datagrams larger than this are dropped unread (RFC 3261 §18.1.1 keeps UDP messages near the MTU).</summary>
    public int MaxUdpMessageSize { get; init; } = 16_384;
}

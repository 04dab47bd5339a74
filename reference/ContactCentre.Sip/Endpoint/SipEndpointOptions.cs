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
}

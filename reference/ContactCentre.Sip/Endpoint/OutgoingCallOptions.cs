using System.Net;

namespace ContactCentre.Sip;

/// <summary>What a UAC needs to place a call: targets, identities and the SDP offer.</summary>
public sealed record OutgoingCallOptions(string RequestUri, IPEndPoint Destination, string FromUri, string ToUri, string SdpOffer)
{
    public string? FromDisplayName { get; init; }

    public SipTransportKind Transport { get; init; } = SipTransportKind.Udp;

    public IReadOnlyList<KeyValuePair<string, string>> ExtraHeaders { get; init; } = [];

    public Action<SipResponse>? OnProvisional { get; init; }

    /// <summary>Answers 401/407 challenges to the INVITE (RFC 3261 §22.2); without them a challenge ends the call attempt.</summary>
    public SipCredentials? Credentials { get; init; }
}

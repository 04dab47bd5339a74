using System.Net;

namespace ContactCentre.Sip;

/// <summary>Why the endpoint let go of a TCP connection.</summary>
public enum TcpCloseReason
{
    /// <summary>The peer closed it or it broke (reset, unframeable bytes).</summary>
    PeerClosed,

    /// <summary>No traffic either way for <see cref="SipEndpointOptions.TcpIdleTimeout"/> and nothing still using it.</summary>
    Idle,

    /// <summary>The endpoint is shutting down.</summary>
    Shutdown,
}

/// <summary>A TCP connection left the endpoint's connection table; later messages to the peer open a new one.</summary>
public sealed record TcpConnectionClosed(IPEndPoint Remote, TcpCloseReason Reason);

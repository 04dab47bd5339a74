using System.Net;

namespace ContactCentre.Sip;

/// <summary>A connection-oriented transport to one peer (TCP, WebSocket): responses go back on it (RFC 3261 §18.2.2).</summary>
internal interface ISipConnection
{
    IPEndPoint Remote { get; }

    bool IsOpen { get; }

    Task<bool> SendAsync(byte[] data);
}

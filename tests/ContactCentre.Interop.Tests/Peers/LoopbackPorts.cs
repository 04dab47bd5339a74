using System.Net;
using System.Net.Sockets;

namespace ContactCentre.Interop.Tests.Peers;

/// <summary>
/// Free ports on 127.0.0.1, found by letting the OS pick (bind to port 0). The port is released
/// before the peer binds it, so another process could take it in between; with ephemeral ports
/// picked at random that race is rare enough for tests.
/// </summary>
public static class LoopbackPorts
{
    public const string Address = "127.0.0.1";

    private const int Attempts = 50;

    public static int FreeUdpPort() => Find(port => CanBind(port, SocketType.Dgram, ProtocolType.Udp), SocketType.Dgram, ProtocolType.Udp);

    public static int FreeTcpPort() => Find(port => CanBind(port, SocketType.Stream, ProtocolType.Tcp), SocketType.Stream, ProtocolType.Tcp);

    /// <summary>
    /// A port free for both UDP and TCP, as a SIP stack listens on both, with the next TCP port free too: baresip
    /// listens for SIP over TLS there.
    /// </summary>
    public static int FreeSipPort() => Find(
        port => port < IPEndPoint.MaxPort && CanBind(port, SocketType.Stream, ProtocolType.Tcp) && CanBind(port + 1, SocketType.Stream, ProtocolType.Tcp),
        SocketType.Dgram,
        ProtocolType.Udp);

    /// <summary>An even UDP port p with p .. p+count-1 all free, for RTP/RTCP (and SIPp's video port p+2).</summary>
    public static int FreeUdpPortBlock(int count) =>
        Find(
            port => port % 2 == 0 && port + count <= IPEndPoint.MaxPort && Enumerable.Range(port, count).All(p => CanBind(p, SocketType.Dgram, ProtocolType.Udp)),
            SocketType.Dgram,
            ProtocolType.Udp);

    private static int Find(Func<int, bool> isAcceptable, SocketType socketType, ProtocolType protocol)
    {
        for (var attempt = 0; attempt < Attempts; attempt++)
        {
            int port;
            using (var socket = new Socket(AddressFamily.InterNetwork, socketType, protocol))
            {
                socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
                port = ((IPEndPoint)socket.LocalEndPoint!).Port;
            }

            if (isAcceptable(port))
            {
                return port;
            }
        }

        throw new InvalidOperationException($"No suitable free {protocol} port on {Address} after {Attempts} attempts.");
    }

    private static bool CanBind(int port, SocketType socketType, ProtocolType protocol)
    {
        try
        {
            using var socket = new Socket(AddressFamily.InterNetwork, socketType, protocol);
            socket.Bind(new IPEndPoint(IPAddress.Loopback, port));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}

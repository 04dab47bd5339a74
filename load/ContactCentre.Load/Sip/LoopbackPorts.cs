using System.Net;
using System.Net.Sockets;

namespace ContactCentre.Load.Sip;

/// <summary>Free UDP ports on 127.0.0.1, picked by the OS (bind to port 0), for SIPp's SIP, media and control sockets.</summary>
public static class LoopbackPorts
{
    public const string Address = "127.0.0.1";

    public static int FreeUdpPort()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }

    /// <summary>An even port p with p .. p+3 free: SIPp binds audio p and video p+2 (and p+1, p+3 for RTCP/echo).</summary>
    public static int FreeMediaPortBlock()
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            var port = FreeUdpPort() & ~1;
            if (port + 3 <= IPEndPoint.MaxPort && Enumerable.Range(port, 4).All(CanBind))
            {
                return port;
            }
        }

        throw new InvalidOperationException($"No four free UDP ports in a row on {Address}.");
    }

    private static bool CanBind(int port)
    {
        try
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            socket.Bind(new IPEndPoint(IPAddress.Loopback, port));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}

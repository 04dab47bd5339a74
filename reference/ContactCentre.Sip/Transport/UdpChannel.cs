using System.Buffers;
using System.Net;
using System.Net.Sockets;

namespace ContactCentre.Sip;

/// <summary>The UDP socket of an endpoint (RFC 3261 §18.1.1 / §18.2.1): one datagram is one message.</summary>
internal sealed class UdpChannel : IDisposable
{
    private const int MaxDatagram = 65_535;

    // The kernel default (~200 KB) holds about a hundred datagrams: a burst of calls while the process is still
    // starting (JIT, small thread pool) overflowed it and the lost ACKs made our 2xx repeat (RFC 3261 §13.3.1.4).
    // Linux caps this at net.core.rmem_max.
    private const int ReceiveBufferBytes = 4 * 1024 * 1024;
    private readonly Socket _socket;

    private UdpChannel(Socket socket)
    {
        _socket = socket;
        LocalEndPoint = (IPEndPoint)socket.LocalEndPoint!;
    }

    public IPEndPoint LocalEndPoint { get; }

    public static UdpChannel Bind(IPEndPoint endPoint, int maxMessageSize = MaxDatagram)
    {
        var socket = new Socket(endPoint.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            socket.ExclusiveAddressUse = true;
            socket.ReceiveBufferSize = ReceiveBufferBytes;
            socket.Bind(endPoint);
            return new UdpChannel(socket) { MaxMessageSize = maxMessageSize };
        }
        catch (SocketException e)
        {
            socket.Dispose();
            throw new SipBindException($"Cannot bind SIP UDP on {endPoint}: {e.SocketErrorCode}", e);
        }
    }

    /// <summary>
    /// A request above this size goes over TCP instead (RFC 3261 §18.1.1: within 200 bytes of a 1500-byte MTU).
    /// </summary>
    public const int CongestionSafeSize = 1300;

    /// <summary>Larger datagrams are dropped with a diagnostic.</summary>
    public int MaxMessageSize { get; init; } = MaxDatagram;

    /// <summary>
    /// Reads datagrams on a thread of its own and handles them one at a time, in arrival order (an ACK is
    /// handled before the re-INVITE the peer sent right behind it).
    /// </summary>
    public Task ReceiveLoopAsync(Func<ReadOnlyMemory<byte>, InboundSource, Task> onMessage,
        Action<string> diagnostic, CancellationToken ct) =>
        // Not a thread-pool loop: under a burst the pool queue fills with handler work, the loop's continuation
        // waited behind it, and ACKs sat unread past T1 so our 2xx was repeated (RFC 3261 §13.3.1.4).
        Task.Factory.StartNew(() => ReceiveLoop(onMessage, diagnostic, ct), ct, TaskCreationOptions.LongRunning,
            TaskScheduler.Default);

    private void ReceiveLoop(Func<ReadOnlyMemory<byte>, InboundSource, Task> onMessage, Action<string> diagnostic,
        CancellationToken ct)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(MaxDatagram);
        try
        {
            while (!ct.IsCancellationRequested)
            {
                EndPoint remote = new IPEndPoint(LocalEndPoint.AddressFamily == AddressFamily.InterNetworkV6
                    ? IPAddress.IPv6Any : IPAddress.Any, 0);
                int received;
                try
                {
                    received = _socket.ReceiveFrom(buffer, SocketFlags.None, ref remote);
                }
                catch (SocketException e) when (!ct.IsCancellationRequested)
                {
                    // ICMP errors from earlier sends surface here on some platforms; keep serving.
                    diagnostic($"UDP receive error {e.SocketErrorCode}");
                    continue;
                }
                var source = new InboundSource((IPEndPoint)remote, SipTransportKind.Udp, null);
                if (received > MaxMessageSize)
                {
                    diagnostic($"Dropped {received}-byte datagram from {source.Remote}: over the {MaxMessageSize}-byte UDP limit");
                    continue;
                }
                try
                {
                    // Handling awaits only sends (application code runs off this thread), so waiting here keeps
                    // messages in order without holding the loop up for long.
                    onMessage(buffer.AsMemory(0, received), source).GetAwaiter().GetResult();
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    diagnostic($"Error handling UDP datagram from {source.Remote}: {e.Message}");
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (ObjectDisposedException)
        {
        }
        catch (SocketException)
        {
            // The socket was closed by DisposeAsync while blocked in ReceiveFrom.
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public Task SendAsync(byte[] data, IPEndPoint destination)
    {
        try
        {
            // A plain sendto: a datagram send does not wait on the peer. An async send would switch the socket
            // to non-blocking mode, and .NET then emulates the receive thread's blocking ReceiveFrom with
            // completions that run on the thread pool, so a busy pool would hold up reading again.
            _socket.SendTo(data, SocketFlags.None, destination);
        }
        catch (SocketException)
        {
            // An unreachable peer is seen by the transaction as a timeout (RFC 3261 §17.1.1.2 timer B/F).
        }
        catch (ObjectDisposedException)
        {
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or NotSupportedException)
        {
            // A bad destination must fail this send only, never the transaction or the receive loop.
            SendFailed?.Invoke($"UDP send to {destination} failed: {e.Message}");
        }
        return Task.CompletedTask;
    }

    public Action<string>? SendFailed { get; set; }

    public void Dispose() => _socket.Dispose();
}

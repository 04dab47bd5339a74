using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace ContactCentre.Sip;

/// <summary>The TCP listener of an endpoint plus its open connections, reused per remote address (RFC 3261 §18).</summary>
internal sealed class TcpChannel : IDisposable
{
    private readonly Socket _listener;
    private readonly ConcurrentDictionary<IPEndPoint, TcpConnection> _connections = new();
    private Func<ReadOnlyMemory<byte>, InboundSource, Task> _onMessage = (_, _) => Task.CompletedTask;
    private Action<string> _diagnostic = _ => { };
    private CancellationToken _ct;

    private TcpChannel(Socket listener) => _listener = listener;

    public int ConnectionCount => _connections.Count;

    public static TcpChannel Bind(IPEndPoint endPoint)
    {
        var socket = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.Bind(endPoint);
            socket.Listen(128);
            return new TcpChannel(socket);
        }
        catch (SocketException e)
        {
            socket.Dispose();
            throw new SipBindException($"Cannot bind SIP TCP on {endPoint}: {e.SocketErrorCode}", e);
        }
    }

    /// <summary>Sets the message handler before any connection can exist, then accepts in the background.</summary>
    public void Start(Func<ReadOnlyMemory<byte>, InboundSource, Task> onMessage, Action<string> diagnostic, CancellationToken ct)
    {
        _onMessage = onMessage;
        _diagnostic = diagnostic;
        _ct = ct;
        _ = Task.Run(() => AcceptLoopAsync(ct));
    }

    private async Task AcceptLoopAsync(CancellationToken ct)
    {
        try
        {
            while (!ct.IsCancellationRequested)
            {
                var socket = await _listener.AcceptAsync(ct).ConfigureAwait(false);
                var remote = (IPEndPoint)socket.RemoteEndPoint!;
                Track(new TcpConnection(socket, remote));
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }
    }

    /// <summary>Sends on the open connection to <paramref name="destination"/>, connecting first if needed.</summary>
    public async Task<bool> SendAsync(byte[] data, IPEndPoint destination, TcpConnection? preferred = null)
    {
        if (preferred is { IsOpen: true } && await preferred.SendAsync(data).ConfigureAwait(false))
        {
            return true;
        }
        if (_connections.TryGetValue(destination, out var existing) && existing.IsOpen
            && await existing.SendAsync(data).ConfigureAwait(false))
        {
            return true;
        }
        var socket = new Socket(destination.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(destination, _ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException or ObjectDisposedException)
        {
            socket.Dispose();
            _diagnostic($"TCP connect to {destination} failed: {e.Message}");
            return false;
        }
        var connection = new TcpConnection(socket, destination);
        Track(connection);
        return await connection.SendAsync(data).ConfigureAwait(false);
    }

    private void Track(TcpConnection connection)
    {
        _connections[connection.Remote] = connection;
        _ = Task.Run(async () =>
        {
            await connection.ReadLoopAsync(_onMessage, _diagnostic, _ct).ConfigureAwait(false);
            _connections.TryRemove(new KeyValuePair<IPEndPoint, TcpConnection>(connection.Remote, connection));
        });
    }

    public void Dispose()
    {
        _listener.Dispose();
        foreach (var connection in _connections.Values)
        {
            connection.Dispose();
        }
        _connections.Clear();
    }
}

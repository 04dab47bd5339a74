using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace ContactCentre.Sip;

/// <summary>
/// The TCP listener of an endpoint plus its open connections, one per remote address and reused for every
/// message to that address whichever side opened it (RFC 3261 §18.1.1, §18.2.2). Connections idle for
/// <see cref="SipEndpointOptions.TcpIdleTimeout"/> are closed unless <see cref="InUse"/> says otherwise.
/// </summary>
internal sealed class TcpChannel : IDisposable
{
    private readonly Socket _listener;
    private readonly TimeProvider _time;
    private readonly TimeSpan _idleTimeout;
    private readonly ConcurrentDictionary<IPEndPoint, TcpConnection> _connections = new();
    private readonly ConcurrentDictionary<IPEndPoint, Lazy<Task<TcpConnection?>>> _connecting = new();
    private Func<ReadOnlyMemory<byte>, InboundSource, Task> _onMessage = (_, _) => Task.CompletedTask;
    private Action<string> _diagnostic = _ => { };
    private CancellationToken _ct;

    private TcpChannel(Socket listener, TimeProvider time, TimeSpan idleTimeout)
    {
        _listener = listener;
        _time = time;
        _idleTimeout = idleTimeout;
    }

    public int ConnectionCount => _connections.Count;

    /// <summary>Whether a transaction or dialog still needs the connection to this peer; such a connection is not idle.</summary>
    public Func<IPEndPoint, bool> InUse { get; set; } = _ => false;

    /// <summary>Raised once per connection after it has left the table.</summary>
    public Action<TcpConnectionClosed> Closed { get; set; } = _ => { };

    public static TcpChannel Bind(IPEndPoint endPoint, TimeProvider time, TimeSpan idleTimeout)
    {
        var socket = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.Bind(endPoint);
            socket.Listen(128);
            return new TcpChannel(socket, time, idleTimeout);
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
                Track(new TcpConnection(socket, remote, _time));
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }
    }

    /// <summary>
    /// Sends on <paramref name="preferred"/> (the connection a request came on, §18.2.2), else on the open
    /// connection to <paramref name="destination"/>, else connects once: concurrent senders share one connect.
    /// </summary>
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
        var connecting = _connecting.GetOrAdd(destination, d => new Lazy<Task<TcpConnection?>>(() => ConnectAsync(d)));
        TcpConnection? connection;
        try
        {
            connection = await connecting.Value.ConfigureAwait(false);
        }
        finally
        {
            _connecting.TryRemove(new KeyValuePair<IPEndPoint, Lazy<Task<TcpConnection?>>>(destination, connecting));
        }
        return connection is not null && await connection.SendAsync(data).ConfigureAwait(false);
    }

    private async Task<TcpConnection?> ConnectAsync(IPEndPoint destination)
    {
        // A connection may have been tracked (accepted or connected) since the caller looked.
        if (_connections.TryGetValue(destination, out var existing) && existing.IsOpen)
        {
            return existing;
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
            return null;
        }
        var connection = new TcpConnection(socket, destination, _time);
        Track(connection);
        return connection;
    }

    private void Track(TcpConnection connection)
    {
        _connections[connection.Remote] = connection;
        connection.IdleTimer = _time.CreateTimer(_ => CheckIdle(connection), null, _idleTimeout, Timeout.InfiniteTimeSpan);
        _ = Task.Run(async () =>
        {
            await connection.ReadLoopAsync(_onMessage, _diagnostic, _ct).ConfigureAwait(false);
            Forget(connection);
            try
            {
                Closed(new TcpConnectionClosed(connection.Remote, connection.CloseReason));
            }
            catch (Exception e)
            {
                _diagnostic($"TCP close handler failed: {e.Message}");
            }
        });
    }

    /// <summary>Closes the connection if nothing went either way for the idle timeout, else looks again when it could be.</summary>
    private void CheckIdle(TcpConnection connection)
    {
        if (!connection.IsOpen)
        {
            return;
        }
        var idle = connection.IdleFor;
        if (idle < _idleTimeout)
        {
            connection.IdleTimer?.Change(_idleTimeout - idle, Timeout.InfiniteTimeSpan);
            return;
        }
        if (InUse(connection.Remote))
        {
            connection.IdleTimer?.Change(_idleTimeout, Timeout.InfiniteTimeSpan);
            return;
        }
        _diagnostic($"Closing TCP connection to {connection.Remote}: idle for {idle}");
        // Out of the table before the socket closes, so no sender picks a connection that is going away.
        Forget(connection);
        connection.Close(TcpCloseReason.Idle);
    }

    private void Forget(TcpConnection connection) =>
        _connections.TryRemove(new KeyValuePair<IPEndPoint, TcpConnection>(connection.Remote, connection));

    public void Dispose()
    {
        _listener.Dispose();
        foreach (var connection in _connections.Values)
        {
            connection.Close(TcpCloseReason.Shutdown);
        }
        _connections.Clear();
    }
}

using System.Buffers;
using System.Net;
using System.Net.Sockets;

namespace ContactCentre.Sip;

/// <summary>One TCP connection carrying SIP messages in both directions.</summary>
internal sealed class TcpConnection(Socket socket, IPEndPoint remote, TimeProvider time) : ISipConnection, IDisposable
{
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private volatile bool _closed;
    private long _lastActivity = time.GetTimestamp();
    private int _closeReason = -1;

    public IPEndPoint Remote { get; } = remote;

    public bool IsOpen => !_closed;

    /// <summary>How long since a byte last went either way.</summary>
    public TimeSpan IdleFor => time.GetElapsedTime(Interlocked.Read(ref _lastActivity));

    /// <summary>The first reason given for closing; a read loop that simply ends means the peer went away.</summary>
    public TcpCloseReason CloseReason =>
        Volatile.Read(ref _closeReason) is var reason and >= 0 ? (TcpCloseReason)reason : TcpCloseReason.PeerClosed;

    /// <summary>The timer that checks for idleness; owned here so closing stops it.</summary>
    public ITimer? IdleTimer { get; set; }

    private void Touch() => Interlocked.Exchange(ref _lastActivity, time.GetTimestamp());

    /// <summary>Closes with a reason the channel reports once the read loop has ended.</summary>
    public void Close(TcpCloseReason reason)
    {
        Interlocked.CompareExchange(ref _closeReason, (int)reason, -1);
        Dispose();
    }

    public async Task ReadLoopAsync(Func<ReadOnlyMemory<byte>, InboundSource, Task> onMessage,
        Action<string> diagnostic, CancellationToken ct)
    {
        var framer = new StreamFramer();
        var buffer = ArrayPool<byte>.Shared.Rent(16_384);
        var source = new InboundSource(Remote, SipTransportKind.Tcp, this);
        try
        {
            while (!ct.IsCancellationRequested)
            {
                var read = await socket.ReceiveAsync(buffer, SocketFlags.None, ct).ConfigureAwait(false);
                Touch();
                if (read == 0 || !framer.Append(buffer.AsSpan(0, read)))
                {
                    break;
                }
                if (!await DeliverFramedAsync(framer, onMessage, source, diagnostic).ConfigureAwait(false))
                {
                    break;
                }
            }
        }
        catch (OperationCanceledException)
        {
            Interlocked.CompareExchange(ref _closeReason, (int)TcpCloseReason.Shutdown, -1);
        }
        catch (SocketException)
        {
        }
        catch (ObjectDisposedException)
        {
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            Dispose();
        }
    }

    /// <summary>Delivers every complete message; false when the framing is broken and the connection must close.</summary>
    private async Task<bool> DeliverFramedAsync(StreamFramer framer, Func<ReadOnlyMemory<byte>, InboundSource, Task> onMessage,
        InboundSource source, Action<string> diagnostic)
    {
        while (true)
        {
            var message = framer.TryTake(out var error);
            if (message is null)
            {
                if (error is not null)
                {
                    diagnostic($"Closing TCP connection from {Remote}: {error}");
                    return false;
                }
                return true;
            }
            try
            {
                await onMessage(message, source).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                diagnostic($"Error handling TCP message from {Remote}: {e.Message}");
            }
        }
    }

    public async Task<bool> SendAsync(byte[] data)
    {
        if (_closed)
        {
            return false;
        }
        await _sendLock.WaitAsync().ConfigureAwait(false);
        try
        {
            var sent = 0;
            while (sent < data.Length)
            {
                sent += await socket.SendAsync(data.AsMemory(sent), SocketFlags.None).ConfigureAwait(false);
            }
            Touch();
            return true;
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            Dispose();
            return false;
        }
        finally
        {
            _sendLock.Release();
        }
    }

    public void Dispose()
    {
        _closed = true;
        IdleTimer?.Dispose();
        socket.Dispose();
    }
}

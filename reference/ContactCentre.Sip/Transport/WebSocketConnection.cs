using System.Buffers;
using System.Net;
using System.Net.WebSockets;
using System.Text.Unicode;

namespace ContactCentre.Sip;

/// <summary>
/// One WebSocket carrying SIP (RFC 7118 §5): each SIP message is exactly one WebSocket message, sent as a
/// text frame when it is valid UTF-8 and as a binary frame otherwise; both kinds are accepted.
/// </summary>
internal sealed class WebSocketConnection(WebSocket socket, IPEndPoint remote) : ISipConnection
{
    private const int MaxMessage = 65_536;
    private readonly SemaphoreSlim _sendLock = new(1, 1);

    public IPEndPoint Remote { get; } = remote;

    public bool IsOpen => socket.State == WebSocketState.Open;

    public async Task ReadLoopAsync(Func<ReadOnlyMemory<byte>, InboundSource, Task> onMessage,
        Action<string> diagnostic, CancellationToken ct)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(MaxMessage);
        var source = new InboundSource(Remote, SipTransportKind.WebSocket, this);
        try
        {
            while (!ct.IsCancellationRequested && socket.State == WebSocketState.Open)
            {
                var count = 0;
                ValueWebSocketReceiveResult result;
                do
                {
                    if (count == buffer.Length)
                    {
                        diagnostic($"Closing WebSocket from {Remote}: a message over {MaxMessage} bytes");
                        await socket.CloseAsync(WebSocketCloseStatus.MessageTooBig, "SIP message too big", ct).ConfigureAwait(false);
                        return;
                    }
                    result = await socket.ReceiveAsync(buffer.AsMemory(count), ct).ConfigureAwait(false);
                    if (result.MessageType == WebSocketMessageType.Close)
                    {
                        await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, ct).ConfigureAwait(false);
                        return;
                    }
                    count += result.Count;
                }
                while (!result.EndOfMessage);
                try
                {
                    await onMessage(buffer.AsMemory(0, count), source).ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    diagnostic($"Error handling WebSocket message from {Remote}: {e.Message}");
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException or ObjectDisposedException)
        {
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public async Task<bool> SendAsync(byte[] data)
    {
        await _sendLock.WaitAsync().ConfigureAwait(false);
        try
        {
            if (socket.State != WebSocketState.Open)
            {
                return false;
            }
            var type = Utf8.IsValid(data) ? WebSocketMessageType.Text : WebSocketMessageType.Binary;
            await socket.SendAsync(data, type, endOfMessage: true, CancellationToken.None).ConfigureAwait(false);
            return true;
        }
        catch (Exception e) when (e is WebSocketException or ObjectDisposedException or InvalidOperationException)
        {
            return false;
        }
        finally
        {
            _sendLock.Release();
        }
    }
}

using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;

namespace ContactCentre.Simulator.Agents;

/// <summary>
/// A client of the agent desktop protocol (a WebSocket of JSON messages, docs/agent-protocol.md),
/// as the simulator's agents and the tests speak it.
/// </summary>
public sealed class DesktopClient : IAsyncDisposable
{
    private readonly ClientWebSocket _socket = new();
    private readonly Channel<JsonElement> _messages = Channel.CreateUnbounded<JsonElement>();
    private readonly CancellationTokenSource _stop = new();
    private Task _reader = Task.CompletedTask;

    public static async Task<DesktopClient> ConnectAsync(Uri desktop, CancellationToken cancel = default)
    {
        var client = new DesktopClient();
        await client._socket.ConnectAsync(desktop, cancel);
        client._reader = client.ReadAsync();
        return client;
    }

    public Task SendAsync(object message, CancellationToken cancel = default) =>
        _socket.SendAsync(JsonSerializer.SerializeToUtf8Bytes(message), WebSocketMessageType.Text, true, cancel);

    /// <summary>
    /// Asks for the queue overview (docs/agent-protocol.md, "Queue overview") and returns the reply's <c>queues</c>
    /// array: one object per queue with waiting, longestWaitSeconds, answered, abandoned, serviceLevel, ewtSeconds, ….
    /// </summary>
    public async Task<JsonElement> QueuesAsync(TimeSpan timeout, CancellationToken cancel = default)
    {
        await SendAsync(new { type = "queues" }, cancel);
        return (await NextAsync("queues", timeout)).GetProperty("queues");
    }

    /// <summary>The next message of the given type (others are passed over), or a TimeoutException.</summary>
    public async Task<JsonElement> NextAsync(string type, TimeSpan timeout, Func<JsonElement, bool>? where = null)
    {
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            while (true)
            {
                var message = await _messages.Reader.ReadAsync(deadline.Token);
                if (message.TryGetProperty("type", out var t) && t.GetString() == type && (where?.Invoke(message) ?? true))
                    return message;
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"No '{type}' message from the desktop within {timeout.TotalSeconds:0.#} s.");
        }
        catch (ChannelClosedException)
        {
            throw new InvalidOperationException($"The desktop connection closed before a '{type}' message came.");
        }
    }

    private async Task ReadAsync()
    {
        var buffer = new byte[8192];
        using var message = new MemoryStream();
        try
        {
            while (_socket.State == WebSocketState.Open)
            {
                var result = await _socket.ReceiveAsync(buffer, _stop.Token);
                if (result.MessageType == WebSocketMessageType.Close) break;
                message.Write(buffer, 0, result.Count);
                if (!result.EndOfMessage) continue;
                var text = Encoding.UTF8.GetString(message.GetBuffer(), 0, (int)message.Length);
                message.SetLength(0);
                _messages.Writer.TryWrite(JsonDocument.Parse(text).RootElement.Clone());
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or JsonException)
        {
            // The connection is over; waiting readers are told by the closed channel.
        }
        finally
        {
            _messages.Writer.TryComplete();
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_socket.State == WebSocketState.Open)
                await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(2));
        }
        catch (Exception e) when (e is WebSocketException or TimeoutException)
        {
            // Closing a connection the server already dropped.
        }
        await _stop.CancelAsync();
        await _reader;
        _socket.Dispose();
        _stop.Dispose();
    }
}

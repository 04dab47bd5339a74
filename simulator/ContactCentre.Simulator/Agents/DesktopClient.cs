using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace ContactCentre.Simulator.Agents;

/// <summary>
/// A client of the agent desktop protocol (a WebSocket of JSON messages, docs/agent-protocol.md),
/// as the simulator's agents and the tests speak it.
/// </summary>
public sealed class DesktopClient : IAsyncDisposable
{
    private readonly ClientWebSocket _socket = new();
    private const int MaxKept = 1000;
    private readonly List<JsonElement> _inbox = [];
    private TaskCompletionSource _arrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _closed;
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

    /// <summary>Completes when the server closed the connection (or it broke); <see cref="CloseStatus"/> says how.</summary>
    public Task Closed => _reader;

    /// <summary>The status of the server's close, e.g. PolicyViolation after too many failed logins; null while open.</summary>
    public WebSocketCloseStatus? CloseStatus => _socket.CloseStatus;

    /// <summary>Every <c>call</c> message, as it arrives (on the reader's thread).</summary>
    public event Action<DesktopCall>? CallChanged;

    /// <summary>Every <c>ring</c> message (the softphone rings or stopped ringing), as it arrives (on the reader's thread).</summary>
    public event Action<DesktopRing>? Ringing;

    /// <summary>The agent's state of every <c>state</c> message, as it arrives (on the reader's thread).</summary>
    public event Action<string>? StateChanged;

    // Call control (docs/agent-protocol.md, "Call control"): each sends one message; a refusal comes back as an "error".
    public Task AnswerAsync() => SendAsync(new { type = "answer" });
    public Task RejectAsync() => SendAsync(new { type = "reject" });
    public Task HangUpAsync() => SendAsync(new { type = "hangup" });
    public Task HoldAsync() => SendAsync(new { type = "hold" });
    public Task UnholdAsync() => SendAsync(new { type = "unhold" });
    public Task MuteAsync() => SendAsync(new { type = "mute" });
    public Task UnmuteAsync() => SendAsync(new { type = "unmute" });
    public Task SendDtmfAsync(string digits) => SendAsync(new { type = "dtmf", digits });
    public Task TransferToAgentAsync(string agent) => SendAsync(new { type = "transfer", to = new { agent } });
    public Task TransferToQueueAsync(string queue) => SendAsync(new { type = "transfer", to = new { queue } });
    public Task TransferToNumberAsync(string number) => SendAsync(new { type = "transfer", to = new { number } });
    public Task ConsultAgentAsync(string agent) => SendAsync(new { type = "consult", to = new { agent } });
    public Task ConsultNumberAsync(string number) => SendAsync(new { type = "consult", to = new { number } });
    public Task CompleteTransferAsync() => SendAsync(new { type = "completeTransfer" });
    public Task CancelConsultAsync() => SendAsync(new { type = "cancelConsult" });
    /// <summary>An outbound call: the agent's device rings first, then the number.</summary>
    public Task CallAsync(string number) => SendAsync(new { type = "call", to = number });

    /// <summary>The next <c>call</c> message in <paramref name="state"/> (ringing, connected, held, consulting, ended).</summary>
    public async Task<DesktopCall> NextCallStateAsync(string state, TimeSpan timeout) =>
        DesktopCall.From(await NextAsync("call", timeout, m => m.TryGetProperty("state", out var s) && s.GetString() == state));

    /// <summary>
    /// The next message of the given type that <paramref name="where"/> accepts, or a TimeoutException. Older messages of
    /// that type which it does not accept are passed over (and gone); messages of other types stay for their own waits,
    /// so a wait for a <c>state</c> does not lose the <c>call</c> message that came just before it.
    /// </summary>
    public async Task<JsonElement> NextAsync(string type, TimeSpan timeout, Func<JsonElement, bool>? where = null)
    {
        using var deadline = new CancellationTokenSource(timeout);
        while (true)
        {
            Task arrived;
            lock (_inbox)
            {
                for (var i = 0; i < _inbox.Count; i++)
                {
                    var message = _inbox[i];
                    if (!message.TryGetProperty("type", out var t) || t.GetString() != type) continue;
                    _inbox.RemoveAt(i--);
                    if (where?.Invoke(message) ?? true) return message;
                }
                if (_closed)
                    throw new InvalidOperationException($"The desktop connection closed before a '{type}' message came.");
                arrived = _arrived.Task;
            }
            try
            {
                await arrived.WaitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"No '{type}' message from the desktop within {timeout.TotalSeconds:0.#} s.");
            }
        }
    }

    private void Receive(JsonElement message)
    {
        TaskCompletionSource arrived;
        lock (_inbox)
        {
            _inbox.Add(message);
            // Messages nobody waits for (a long-running agent's state changes) are not kept for ever.
            if (_inbox.Count > MaxKept) _inbox.RemoveAt(0);
            arrived = _arrived;
            _arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        arrived.TrySetResult();
    }

    private void ReceiveEnd()
    {
        TaskCompletionSource arrived;
        lock (_inbox)
        {
            _closed = true;
            arrived = _arrived;
        }
        arrived.TrySetResult();
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
                var parsed = JsonDocument.Parse(text).RootElement.Clone();
                Receive(parsed);
                if (parsed.TryGetProperty("type", out var type) && type.GetString() == "call") CallChanged?.Invoke(DesktopCall.From(parsed));
                if (type.ValueKind == JsonValueKind.String && type.GetString() == "ring") Ringing?.Invoke(DesktopRing.From(parsed));
                if (type.ValueKind == JsonValueKind.String && type.GetString() == "state" && parsed.TryGetProperty("state", out var state))
                    StateChanged?.Invoke(state.GetString() ?? "");
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or JsonException)
        {
            // The connection is over; waiting readers are told below.
        }
        finally
        {
            ReceiveEnd();
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

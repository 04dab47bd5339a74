using System.Globalization;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ContactCentre.Interop.Tests.Peers;

/// <summary>
/// Client for baresip's ctrl_tcp module: commands and replies are JSON objects framed as
/// netstrings (<c>LENGTH:JSON,</c>); events arrive unasked on the same connection.
/// </summary>
public sealed class BaresipControl : IAsyncDisposable
{
    private const int MaxMessageLength = 1 << 20;

    private readonly TcpClient _client;
    private readonly NetworkStream _stream;
    private readonly CancellationTokenSource _stopReading = new();
    private readonly Task _reading;
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly Lock _gate = new();
    private readonly Dictionary<string, TaskCompletionSource<JsonObject>> _pendingReplies = [];
    private readonly List<BaresipEvent> _events = [];
    private readonly Dictionary<string, int> _eventsTaken = [];
    private TaskCompletionSource _eventArrived = NewSignal();
    private Exception? _readFailure;
    private int _nextToken;

    private BaresipControl(TcpClient client)
    {
        _client = client;
        _stream = client.GetStream();
        _reading = Task.Run(ReadLoopAsync);
    }

    /// <summary>Every event received so far, oldest first.</summary>
    public IReadOnlyList<BaresipEvent> Events
    {
        get
        {
            lock (_gate)
            {
                return [.. _events];
            }
        }
    }

    public static async Task<BaresipControl> ConnectAsync(int port, CancellationToken cancellationToken)
    {
        var client = new TcpClient();
        try
        {
            await client.ConnectAsync(LoopbackPorts.Address, port, cancellationToken);
            return new BaresipControl(client);
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    /// <summary>Sends a command such as <c>dial</c> or <c>sndcode</c> and returns the reply's data; throws if baresip says it failed.</summary>
    public async Task<string> SendCommandAsync(string command, string parameters, TimeSpan timeout)
    {
        var token = Interlocked.Increment(ref _nextToken).ToString(CultureInfo.InvariantCulture);
        var reply = new TaskCompletionSource<JsonObject>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            if (_readFailure is not null)
            {
                throw new IOException($"baresip's control connection is closed; cannot send '{command} {parameters}'.", _readFailure);
            }

            _pendingReplies[token] = reply;
        }

        var json = new JsonObject { ["command"] = command, ["params"] = parameters, ["token"] = token }.ToJsonString();
        var payload = Encoding.UTF8.GetBytes(json);
        var frame = Encoding.ASCII.GetBytes(payload.Length.ToString(CultureInfo.InvariantCulture) + ":")
            .Concat(payload)
            .Append((byte)',')
            .ToArray();

        using var cancellation = new CancellationTokenSource(timeout);
        try
        {
            await _sendLock.WaitAsync(cancellation.Token);
            try
            {
                await _stream.WriteAsync(frame, cancellation.Token);
            }
            finally
            {
                _sendLock.Release();
            }

            var response = await reply.Task.WaitAsync(cancellation.Token);
            var data = response["data"]?.GetValue<string>() ?? "";
            return response["ok"]?.GetValue<bool>() == true
                ? data
                : throw new InvalidOperationException($"baresip refused '{command} {parameters}': {data.Trim()}");
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"baresip did not answer '{command} {parameters}' within {timeout.TotalSeconds:0.#} s.");
        }
        finally
        {
            lock (_gate)
            {
                _pendingReplies.Remove(token);
            }
        }
    }

    /// <summary>
    /// The next event of <paramref name="type"/> not yet returned by this method, including events
    /// that arrived before the call; waits at most <paramref name="timeout"/>.
    /// </summary>
    public async Task<BaresipEvent> WaitForEventAsync(string type, TimeSpan timeout)
    {
        using var cancellation = new CancellationTokenSource(timeout);
        while (true)
        {
            Task arrived;
            lock (_gate)
            {
                var taken = _eventsTaken.GetValueOrDefault(type);
                var next = _events.Where(e => e.Type == type).Skip(taken).FirstOrDefault();
                if (next is not null)
                {
                    _eventsTaken[type] = taken + 1;
                    return next;
                }

                if (_readFailure is not null)
                {
                    throw new IOException(
                        $"baresip's control connection closed before {type}. Events seen: {string.Join(", ", _events)}",
                        _readFailure);
                }

                arrived = _eventArrived.Task;
            }

            try
            {
                await arrived.WaitAsync(cancellation.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException(
                    $"No {type} event from baresip within {timeout.TotalSeconds:0.#} s. Events seen: {string.Join(", ", Events)}");
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopReading.CancelAsync();
        _client.Dispose();
        try
        {
            await _reading.WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (TimeoutException)
        {
        }

        _stopReading.Dispose();
        _sendLock.Dispose();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private async Task ReadLoopAsync()
    {
        Exception failure;
        try
        {
            var buffer = new List<byte>();
            var chunk = new byte[4096];
            while (true)
            {
                var read = await _stream.ReadAsync(chunk, _stopReading.Token);
                if (read == 0)
                {
                    failure = new EndOfStreamException("baresip closed the control connection.");
                    break;
                }

                buffer.AddRange(chunk.AsSpan(0, read));
                while (TryTakeNetstring(buffer, out var message))
                {
                    Dispatch(message);
                }
            }
        }
        catch (Exception error) when (error is IOException or OperationCanceledException or ObjectDisposedException or SocketException or InvalidDataException or JsonException)
        {
            failure = error;
        }

        TaskCompletionSource waiting;
        TaskCompletionSource<JsonObject>[] unanswered;
        lock (_gate)
        {
            _readFailure = failure;
            waiting = _eventArrived;
            unanswered = [.. _pendingReplies.Values];
        }

        // Wake every waiter: they see the failure and report it with the events seen so far.
        waiting.TrySetResult();
        foreach (var reply in unanswered)
        {
            reply.TrySetException(new IOException("baresip's control connection closed before it answered.", failure));
        }
    }

    // Netstring framing: decimal length, ':', payload, ','.
    private static bool TryTakeNetstring(List<byte> buffer, out string message)
    {
        message = "";
        var colon = buffer.IndexOf((byte)':');
        if (colon < 0)
        {
            if (buffer.Count > 10)
            {
                throw new InvalidDataException("baresip sent a netstring without a length prefix.");
            }

            return false;
        }

        var lengthText = Encoding.ASCII.GetString(buffer.GetRange(0, colon).ToArray());
        if (!int.TryParse(lengthText, NumberStyles.None, CultureInfo.InvariantCulture, out var length) || length > MaxMessageLength)
        {
            throw new InvalidDataException($"baresip sent a bad netstring length '{lengthText}'.");
        }

        if (buffer.Count < colon + 1 + length + 1)
        {
            return false;
        }

        if (buffer[colon + 1 + length] != (byte)',')
        {
            throw new InvalidDataException("baresip sent a netstring not ended by ','.");
        }

        message = Encoding.UTF8.GetString(buffer.GetRange(colon + 1, length).ToArray());
        buffer.RemoveRange(0, colon + 1 + length + 1);
        return true;
    }

    private void Dispatch(string message)
    {
        var json = JsonNode.Parse(message)?.AsObject()
            ?? throw new InvalidDataException($"baresip sent something that is not a JSON object: {message}");

        if (json["response"]?.GetValue<bool>() == true)
        {
            var token = json["token"]?.GetValue<string>();
            TaskCompletionSource<JsonObject>? reply;
            lock (_gate)
            {
                _pendingReplies.TryGetValue(token ?? "", out reply);
            }

            reply?.TrySetResult(json);
            return;
        }

        if (json["event"]?.GetValue<bool>() == true)
        {
            var received = new BaresipEvent(
                Text(json, "type") ?? "",
                Text(json, "class"),
                Text(json, "param"),
                Text(json, "peeruri"),
                Text(json, "id"),
                message);
            TaskCompletionSource arrived;
            lock (_gate)
            {
                _events.Add(received);
                arrived = _eventArrived;
                _eventArrived = NewSignal();
            }

            arrived.TrySetResult();
        }
    }

    private static string? Text(JsonObject json, string name) =>
        json[name] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
}

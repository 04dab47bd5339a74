using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Akka.Actor;
using ContactCentre.Actors;
using ContactCentre.Actors.Agents;
using ContactCentre.Actors.Queues;
using ContactCentre.Actors.Calls;
using ContactCentre.Domain.Agents;
using ContactCentre.Domain.Queues;

namespace ContactCentre.Host.Desktop;

/// <summary>
/// The agent desktop protocol: one WebSocket per agent session, JSON messages with a "type"
/// (docs/agent-protocol.md): login, ready, pause, endWrapUp, logout, a supervisor's logoutAgent, the queue overview,
/// call control (<see cref="DesktopCallControl"/>); it pushes state, offers and the agent's calls.
/// </summary>
public sealed class AgentDesktopEndpoint(ActorSystem system, ContactCentreActors actors, ILogger<AgentDesktopEndpoint> log)
{
    private const int MaxMessageBytes = 64 * 1024;

    public async Task HandleAsync(WebSocket socket, CancellationToken stopping)
    {
        var outbox = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });
        var session = system.ActorOf(Props.Create(() => new DesktopSessionActor(outbox.Writer)));
        var writer = WriteAsync(socket, outbox.Reader, stopping);
        IActorRef? agent = null;
        string? agentId = null;
        try
        {
            while (socket.State == WebSocketState.Open && await ReceiveAsync(socket, stopping) is { } text)
            {
                var reply = Handle(text, session, ref agent, ref agentId);
                if (reply is not null) outbox.Writer.TryWrite(reply);
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException)
        {
            log.LogDebug("Desktop session closed: {Reason}", e.Message);
        }
        finally
        {
            // The agent stays logged in when the desktop closes: an external phone still rings.
            agent?.Tell(new Unsubscribe(session));
            if (agentId is not null) actors.AgentCalls.Tell(new UnwatchAgentCalls(agentId, session));
            system.Stop(session);
            outbox.Writer.TryComplete();
            await writer;
        }
    }

    private string? Handle(string text, IActorRef session, ref IActorRef? agent, ref string? agentId)
    {
        JsonElement message;
        try
        {
            message = JsonDocument.Parse(text).RootElement;
        }
        catch (JsonException e)
        {
            return Error($"the message is not JSON: {e.Message}");
        }
        if (message.ValueKind != JsonValueKind.Object || !message.TryGetProperty("type", out var typeElement) || typeElement.ValueKind != JsonValueKind.String)
            return Error("the message has no text field 'type'");

        var type = typeElement.GetString();
        if (type == "login")
        {
            var id = Text(message, "agent");
            var device = Text(message, "device");
            if (id is null) return Error("login: field 'agent' is missing");
            if (!actors.Agents.TryGetValue(id, out var found)) return Error($"login: unknown agent '{id}'");
            if (device is null || !(device == "softphone" || device.StartsWith("sip:", StringComparison.OrdinalIgnoreCase)))
                return Error("login: field 'device' must be \"softphone\" or the SIP URI of the agent's phone, e.g. sip:agent1@127.0.0.1:5070");
            if (!TryTexts(message, "queues", out var queues))
                return Error("login: field 'queues' must be a list of queue names");
            agent?.Tell(new Unsubscribe(session));
            if (agentId is not null) actors.AgentCalls.Tell(new UnwatchAgentCalls(agentId, session));
            agent = found;
            agentId = id;
            agent.Tell(new Subscribe(session));
            actors.AgentCalls.Tell(new WatchAgentCalls(id, session));
            agent.Tell(new Login(device == "softphone" ? AgentDevice.Softphone(id) : new AgentDevice(device)) { Queues = queues }, session);
            return null;
        }
        if (agent is null || agentId is null) return Error($"{type}: log in first");
        if (DesktopCallControl.Types.Contains(type!))
        {
            var (command, error) = DesktopCallControl.Read(type!, message, agentId);
            if (command is null) return Error(error!);
            // Refusals come back to the session as CallControlRefused, written as errors.
            actors.AgentCalls.Tell(command, session);
            return null;
        }
        switch (type)
        {
            case "ready":
                agent.Tell(new SetReady(), session);
                return null;
            case "logout":
                agent.Tell(new Logout("logged out from the desktop"), session);
                return null;
            case "pause":
                if (Text(message, "reason") is not { } reason) return Error("pause: field 'reason' is missing or not text");
                agent.Tell(new Pause(reason), session);
                return null;
            case "endWrapUp":
                agent.Tell(new EndWrapUp(), session);
                return null;
            case "logoutAgent":
                if (Text(message, "agent") is not { } target) return Error("logoutAgent: field 'agent' is missing or not text");
                if (!actors.Agents.TryGetValue(target, out var targetAgent)) return Error($"logoutAgent: unknown agent '{target}'");
                agent.Tell(new LogoutAgent(target, targetAgent, Text(message, "reason") ?? "logged out by a supervisor"), session);
                return null;
            case "queues":
                _ = QueueOverviewsAsync(session);
                return null;
            default:
                return Error($"unknown message type '{type}'");
        }
    }

    /// <summary>Asks every queue for its overview; the session writes the "queues" reply (or an error naming the queue that did not answer).</summary>
    private async Task QueueOverviewsAsync(IActorRef session)
    {
        var asks = actors.Queues.Select(async q =>
        {
            try
            {
                return await q.Value.Ask<QueueOverview>(new GetQueueOverview(), TimeSpan.FromSeconds(5));
            }
            catch (Exception e) when (e is AskTimeoutException or TaskCanceledException)
            {
                throw new InvalidOperationException($"queues: queue '{q.Key}' did not answer", e);
            }
        });
        try
        {
            session.Tell(new QueueOverviews(await Task.WhenAll(asks)));
        }
        catch (InvalidOperationException e)
        {
            log.LogWarning("Queue overview failed: {Reason}", e.Message);
            session.Tell(new DesktopError(e.Message));
        }
    }

    private static string? Text(JsonElement message, string field) =>
        message.TryGetProperty(field, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>An optional list of texts: absent is null (true); anything but a list of texts is false.</summary>
    private static bool TryTexts(JsonElement message, string field, out IReadOnlyList<string>? texts)
    {
        texts = null;
        if (!message.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null) return true;
        if (value.ValueKind != JsonValueKind.Array || value.EnumerateArray().Any(v => v.ValueKind != JsonValueKind.String)) return false;
        texts = value.EnumerateArray().Select(v => v.GetString()!).ToList();
        return true;
    }

    private static string Error(string text) => JsonSerializer.Serialize(new { type = "error", message = text });

    private static async Task<string?> ReceiveAsync(WebSocket socket, CancellationToken stopping)
    {
        var buffer = new byte[4096];
        using var message = new MemoryStream();
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer, stopping);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", stopping);
                return null;
            }
            message.Write(buffer, 0, result.Count);
            if (message.Length > MaxMessageBytes)
            {
                await socket.CloseOutputAsync(WebSocketCloseStatus.MessageTooBig, $"messages are limited to {MaxMessageBytes} bytes", stopping);
                return null;
            }
            if (result.EndOfMessage) return Encoding.UTF8.GetString(message.GetBuffer(), 0, (int)message.Length);
        }
    }

    private static async Task WriteAsync(WebSocket socket, ChannelReader<string> outbox, CancellationToken stopping)
    {
        try
        {
            await foreach (var text in outbox.ReadAllAsync(stopping))
            {
                if (socket.State != WebSocketState.Open) continue;
                await socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, stopping);
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException)
        {
            // The reader side notices the closed socket and ends the session.
        }
    }
}

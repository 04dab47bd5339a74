using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Akka.Actor;
using ContactCentre.Actors;
using ContactCentre.Actors.Agents;
using ContactCentre.Actors.Calls;
using ContactCentre.Domain.Agents;

namespace ContactCentre.Host.Desktop;

/// <summary>
/// The agent desktop protocol: one WebSocket per agent session, JSON messages with a "type"
/// (docs/agent-protocol.md): login, ready and logout, call control (<see cref="DesktopCallControl"/>);
/// pushes state, offers and the agent's calls.
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
            if (device is null || !device.StartsWith("sip:", StringComparison.OrdinalIgnoreCase))
                return Error("login: field 'device' must be the SIP URI of the agent's phone, e.g. sip:agent1@127.0.0.1:5070");
            agent?.Tell(new Unsubscribe(session));
            if (agentId is not null) actors.AgentCalls.Tell(new UnwatchAgentCalls(agentId, session));
            agent = found;
            agentId = id;
            agent.Tell(new Subscribe(session));
            actors.AgentCalls.Tell(new WatchAgentCalls(id, session));
            agent.Tell(new Login(new AgentDevice(device)), session);
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
                agent.Tell(new Logout("logged out from the desktop"));
                return null;
            default:
                return Error($"unknown message type '{type}'");
        }
    }

    private static string? Text(JsonElement message, string field) =>
        message.TryGetProperty(field, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

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

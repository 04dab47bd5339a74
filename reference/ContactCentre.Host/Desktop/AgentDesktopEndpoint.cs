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
using ContactCentre.Domain.Configuration;
using ContactCentre.Domain.Queues;

namespace ContactCentre.Host.Desktop;

/// <summary>
/// The agent desktop protocol: one WebSocket per agent session, JSON messages with a "type"
/// (docs/agent-protocol.md): login with the agent's password (<see cref="DesktopCredentials"/>), ready, pause, endWrapUp,
/// logout, a supervisor's logoutAgent, the queue overview, call control (<see cref="DesktopCallControl"/>); it pushes
/// state, offers and the agent's calls. Nothing but login is served before a login succeeds, and a session acts for
/// its own agent only.
/// </summary>
public sealed class AgentDesktopEndpoint(
    ActorSystem system, ContactCentreActors actors, DesktopCredentials credentials, LoginThrottle throttle, SoftphoneRegistry softphones,
    PhoneBook phoneBook, ILogger<AgentDesktopEndpoint> log)
{
    private const int MaxMessageBytes = 64 * 1024;

    /// <summary>Failed logins after which the session is closed (1008, policy violation): guessing costs a new connection.</summary>
    public const int MaxFailedLogins = 5;

    public async Task HandleAsync(WebSocket socket, string remote, CancellationToken stopping)
    {
        var outbox = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });
        var session = system.ActorOf(Props.Create(() => new DesktopSessionActor(outbox.Writer)));
        var writer = WriteAsync(socket, outbox.Reader, stopping);
        var login = new SessionLogin(remote, outbox.Writer);
        try
        {
            while (socket.State == WebSocketState.Open && await ReceiveAsync(socket, stopping) is { } text)
            {
                var reply = Handle(text, session, login);
                if (reply is not null) outbox.Writer.TryWrite(reply);
                if (login.FailedLogins >= MaxFailedLogins)
                {
                    // The last refusal is sent before the close.
                    outbox.Writer.TryComplete();
                    await writer;
                    await socket.CloseOutputAsync(WebSocketCloseStatus.PolicyViolation, $"{MaxFailedLogins} failed logins", stopping);
                    break;
                }
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException)
        {
            log.LogDebug("Desktop session closed: {Reason}", e.Message);
        }
        finally
        {
            // The agent stays logged in when the desktop closes: an external phone still rings.
            login.Agent?.Tell(new Unsubscribe(session));
            if (login.AgentId is not null)
            {
                actors.AgentCalls.Tell(new UnwatchAgentCalls(login.AgentId, session));
                softphones.DesktopClosed(login.AgentId, login.Outbox);
            }
            system.Stop(session);
            outbox.Writer.TryComplete();
            await writer;
        }
    }

    /// <summary>Who the session is logged in as (null: nobody yet), and its failed logins so far.</summary>
    private sealed class SessionLogin(string remote, ChannelWriter<string> outbox)
    {
        public string Remote { get; } = remote;
        public ChannelWriter<string> Outbox { get; } = outbox;
        public IActorRef? Agent { get; set; }
        public string? AgentId { get; set; }
        public int FailedLogins { get; set; }
    }

    private string? Handle(string text, IActorRef session, SessionLogin login)
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
        if (type == "login") return LogIn(message, session, login);
        if (login.Agent is not { } agent || login.AgentId is not { } agentId) return Error($"{type}: log in first");
        switch (type)
        {
            // The softphone (docs/agent-protocol.md, "Softphone"): while it rings, answer and reject are the softphone's.
            case "webrtcOffer":
                return softphones.WebRtcOffer(agentId, Text(message, "call"), Text(message, "sdp"), login.Outbox);
            case "webrtcAnswer":
                return Error("webrtcAnswer: the contact centre sends webrtcAnswer; the softphone sends webrtcOffer");
            case "answer" when softphones.IsRinging(agentId):
                return softphones.Answer(agentId, Text(message, "call"));
            case "reject" when softphones.IsRinging(agentId):
                return softphones.Reject(agentId, Text(message, "call"));
        }
        if (DesktopCallControl.Types.Contains(type!))
        {
            // Every command names the session's own agent: a session controls no other agent's call.
            var (command, error) = DesktopCallControl.Read(type!, message, agentId, phoneBook);
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
                // The session's own agent decides: it refuses unless it is a supervisor.
                if (Text(message, "agent") is not { } target) return Error("logoutAgent: field 'agent' is missing or not text");
                if (!actors.Agents.TryGetValue(target, out var targetAgent)) return Error($"logoutAgent: unknown agent '{target}'");
                agent.Tell(new LogoutAgent(target, targetAgent, Text(message, "reason") ?? "logged out by a supervisor"), session);
                return null;
            case "phoneBook":
                return DesktopPhoneBook.Reply(message, phoneBook);
            case "queues":
                _ = QueueOverviewsAsync(session);
                return null;
            default:
                return Error($"unknown message type '{type}'");
        }
    }

    /// <summary>
    /// A login is checked before anything else is read from it: an unknown agent and a wrong password get the same
    /// reply (the server's log says which), so that the socket is no oracle of agent ids. A failed login leaves the
    /// session as it was (logged in as before, or not at all).
    /// </summary>
    private string? LogIn(JsonElement message, IActorRef session, SessionLogin login)
    {
        if (Text(message, "agent") is not { } id) return Error("login: field 'agent' is missing or not text");
        var password = Text(message, "password");
        if (throttle.Wait(login.Remote) is { } wait)
        {
            login.FailedLogins++;
            log.LogWarning("Desktop login as {Agent} from {Remote} refused unchecked: too many failed logins from that address", id, login.Remote);
            return Error($"login: too many failed logins from your address; try again in {Math.Ceiling(wait.TotalSeconds):0} s");
        }
        if ((password is null ? "no password" : credentials.Refusal(id, password)) is { } why)
        {
            login.FailedLogins++;
            if (password is not null) throttle.Failed(login.Remote);
            log.LogWarning("Desktop login as {Agent} from {Remote} refused ({Failed} of {Max}): {Reason}", id, login.Remote, login.FailedLogins, MaxFailedLogins, why);
            return Error(password is null
                ? "login: field 'password' is missing (the agent's desktop password)"
                : $"login: unknown agent or wrong password for '{id}'");
        }
        if (!actors.Agents.TryGetValue(id, out var found)) return Error($"login: unknown agent '{id}'");
        if (Device(id, Text(message, "device")) is not { } chosen)
            return Error("login: field 'device' must be \"softphone\", the SIP URI of the agent's phone (e.g. sip:agent1@127.0.0.1:5070) " +
                "or a phone number to call through the trunk (e.g. +358401234567 or tel:+358401234567)");
        if (!TryTexts(message, "queues", out var queues))
            return Error("login: field 'queues' must be a list of queue names");
        // A login as the same agent again (to change queues or device) keeps the desktop: what rings there rings on.
        if (login.AgentId is not null && login.AgentId != id)
        {
            login.Agent?.Tell(new Unsubscribe(session));
            actors.AgentCalls.Tell(new UnwatchAgentCalls(login.AgentId, session));
            softphones.DesktopClosed(login.AgentId, login.Outbox);
        }
        login.Agent = found;
        login.AgentId = id;
        softphones.DesktopOpened(id, login.Outbox);
        found.Tell(new Subscribe(session));
        actors.AgentCalls.Tell(new WatchAgentCalls(id, session));
        found.Tell(new Login(chosen) { Queues = queues }, session);
        return null;
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

    /// <summary>"softphone", a sip: URI, or a phone number (bare or tel:); null for anything else.</summary>
    private static AgentDevice? Device(string agentId, string? device)
    {
        if (device is null) return null;
        if (device == "softphone") return AgentDevice.Softphone(agentId);
        if (device.StartsWith("sip:", StringComparison.OrdinalIgnoreCase)) return new AgentDevice(device);
        var number = device.StartsWith(AgentDevice.NumberScheme, StringComparison.OrdinalIgnoreCase) ? device[AgentDevice.NumberScheme.Length..] : device;
        return PhoneBook.NumberRefusal(number) is null ? AgentDevice.PhoneNumber(number) : null;
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

using System.Text.Json;
using System.Threading.Channels;
using Akka.Actor;
using ContactCentre.Actors.Agents;
using ContactCentre.Actors.Calls;

namespace ContactCentre.Host.Desktop;

/// <summary>
/// One agent desktop connection's side in the actor system: turns the agent's notifications into
/// JSON messages for the WebSocket writer.
/// </summary>
public sealed class DesktopSessionActor : ReceiveActor
{
    public DesktopSessionActor(ChannelWriter<string> outbox)
    {
        Receive<AgentStateChanged>(m => outbox.TryWrite(JsonSerializer.Serialize(new
        {
            type = "state",
            agent = m.AgentId,
            state = m.Status.ToString(),
            since = m.At,
            pauseReason = m.PauseReason,
            queues = m.Queues,
        })));
        Receive<AgentCommandRefused>(m => outbox.TryWrite(JsonSerializer.Serialize(new { type = "error", message = m.Reason })));
        Receive<AgentOffered>(m => outbox.TryWrite(JsonSerializer.Serialize(new
        {
            type = "offer",
            agent = m.AgentId,
            ticket = m.TicketId,
            caller = m.Caller,
            queue = m.Queue,
            variables = m.Variables,
        })));
        Receive<QueueOverviews>(m => outbox.TryWrite(QueueOverviewJson.Serialize(m.Queues)));
        Receive<DesktopError>(m => outbox.TryWrite(JsonSerializer.Serialize(new { type = "error", message = m.Message })));
        Receive<AgentCallUpdate>(m => outbox.TryWrite(JsonSerializer.Serialize(new
        {
            type = "call",
            agent = m.AgentId,
            call = m.CallId,
            direction = m.Direction,
            party = m.Party,
            state = m.State.ToString().ToLowerInvariant(),
            muted = m.Muted,
            consulting = m.Consulting,
            reason = m.Reason,
        })));
        Receive<CallControlRefused>(m => outbox.TryWrite(JsonSerializer.Serialize(new { type = "error", message = m.Message })));
    }
}

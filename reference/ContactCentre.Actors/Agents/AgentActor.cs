using Akka.Actor;
using Akka.Event;
using Akka.Persistence;
using ContactCentre.Actors.Routing;
using ContactCentre.Domain.Agents;
using ContactCentre.Domain.Configuration;

namespace ContactCentre.Actors.Agents;

/// <summary>
/// An agent: persists logins (a restart logs a logged-in agent in again, Ready), keeps the live status,
/// reports presence to the router and notifies desktop sessions.
/// </summary>
public sealed class AgentActor : ReceivePersistentActor
{
    private readonly AgentDefinition _definition;
    private readonly IActorRef _router;
    private readonly TimeProvider _time;
    private readonly HashSet<IActorRef> _subscribers = [];
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private AgentDevice? _device;
    private AgentStatus _status = AgentStatus.LoggedOut;
    private DateTimeOffset _since;
    private string? _ticket;

    public AgentActor(AgentDefinition definition, IActorRef router, TimeProvider time)
    {
        _definition = definition;
        _router = router;
        _time = time;
        _since = time.GetUtcNow();
        PersistenceId = $"agent-{definition.Id}";

        Recover<AgentLoggedIn>(e => _device = e.Device);
        Recover<AgentLoggedOut>(_ => _device = null);
        Recover<RecoveryCompleted>(_ =>
        {
            if (_device is not null) Become(AgentStatus.Ready);
        });

        Command<Login>(m => Persist(new AgentLoggedIn(m.Device, _time.GetUtcNow()), e =>
        {
            _device = e.Device;
            _log.Info("Agent {0} logged in with {1}", _definition.Id, e.Device.SipUri);
            if (_status is AgentStatus.LoggedOut or AgentStatus.NoAnswer) Become(AgentStatus.Ready);
            else Publish();
            Sender.Tell(new AgentStateChanged(_definition.Id, _status, _since));
        }));
        Command<Logout>(m => Persist(new AgentLoggedOut(m.Reason, _time.GetUtcNow()), _ =>
        {
            _device = null;
            Become(AgentStatus.LoggedOut);
        }));
        Command<SetReady>(_ =>
        {
            if (_status is AgentStatus.NoAnswer) Become(AgentStatus.Ready);
            Sender.Tell(new AgentStateChanged(_definition.Id, _status, _since));
        });
        Command<OfferStarted>(m =>
        {
            _ticket = m.TicketId;
            Become(AgentStatus.Connecting);
            Notify(new AgentOffered(_definition.Id, m.TicketId, m.Caller, m.Queue) { Variables = m.Variables });
        });
        Command<OfferAccepted>(m => { if (m.TicketId == _ticket) Become(AgentStatus.Connected); });
        Command<OfferNotAccepted>(m =>
        {
            if (m.TicketId != _ticket) return;
            _ticket = null;
            _log.Info("Agent {0} did not take ticket {1}: {2}", _definition.Id, m.TicketId, m.Reason);
            // A caller who hung up while it rang is not the agent's fault: back to Ready.
            Become(m.Reason == "caller hung up" ? AgentStatus.Ready : AgentStatus.NoAnswer);
        });
        Command<AgentCallEnded>(m =>
        {
            if (m.TicketId != _ticket) return;
            _ticket = null;
            Become(AgentStatus.Ready);
        });
        Command<Subscribe>(m =>
        {
            _subscribers.Add(m.Subscriber);
            Context.Watch(m.Subscriber);
            m.Subscriber.Tell(new AgentStateChanged(_definition.Id, _status, _since));
        });
        // Block bodies: a bool-returning lambda would pick Command's "handled?" overload, and a
        // subscriber already gone would then count as unhandled (a DeathPactException on Terminated).
        Command<Unsubscribe>(m =>
        {
            _subscribers.Remove(m.Subscriber);
            Context.Unwatch(m.Subscriber);
        });
        Command<Terminated>(m => { _subscribers.Remove(m.ActorRef); });
        Command<GetPresence>(_ => Sender.Tell(Presence()));
    }

    public override string PersistenceId { get; }

    private void Become(AgentStatus status)
    {
        _status = _device is null ? AgentStatus.LoggedOut : status;
        _since = _time.GetUtcNow();
        Publish();
    }

    private void Publish()
    {
        _router.Tell(new AgentPresenceChanged(Presence(), Self));
        Notify(new AgentStateChanged(_definition.Id, _status, _since));
    }

    private void Notify(object message)
    {
        foreach (var s in _subscribers) s.Tell(message);
    }

    private AgentPresence Presence() =>
        new(_definition.Id, _definition.Queues.ToHashSet(StringComparer.Ordinal), _status, _since, _device);
}

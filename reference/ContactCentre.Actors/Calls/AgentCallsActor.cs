using Akka.Actor;
using ContactCentre.Actors.Ports;
using ContactCentre.Domain.Configuration;

namespace ContactCentre.Actors.Calls;

/// <summary>
/// Which call each agent is on: hands the desktop's <see cref="CallControl"/> to that call, starts the agents'
/// outbound calls, and passes each call's <see cref="AgentCallUpdate"/>s to the agent's desktops. One per contact centre.
/// </summary>
public sealed class AgentCallsActor : ReceiveActor
{
    private readonly Dictionary<string, (string CallId, IActorRef Call)> _onCall = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<IActorRef>> _watchers = new(StringComparer.Ordinal);

    public AgentCallsActor(IReadOnlyDictionary<string, IActorRef> agents, OutboundCalls outbound)
    {
        Receive<AgentOnCall>(m =>
        {
            _onCall[m.AgentId] = (m.CallId, m.Call);
            // A call that stops without its AgentOffCall (a crash) must not keep the agent's commands going to nobody.
            Context.Watch(m.Call);
        });
        Receive<AgentOffCall>(m =>
        {
            if (_onCall.TryGetValue(m.AgentId, out var current) && current.CallId == m.CallId) _onCall.Remove(m.AgentId);
        });
        Receive<AgentCallUpdate>(m =>
        {
            if (!_watchers.TryGetValue(m.AgentId, out var watchers)) return;
            foreach (var w in watchers) w.Tell(m);
        });
        Receive<PlaceCall>(m =>
        {
            if (!agents.TryGetValue(m.AgentId, out var agent))
                Sender.Tell(new CallControlRefused($"call: unknown agent '{m.AgentId}'"));
            else if (_onCall.TryGetValue(m.AgentId, out var current))
                Sender.Tell(new CallControlRefused($"call: {m.AgentId} is already on call {current.CallId}"));
            else if (OutboundCalls.Refusal(m.Number) is { } why)
                Sender.Tell(new CallControlRefused($"call: field 'to' {why}"));
            else
            {
                var callId = $"out-{Guid.NewGuid():N}";
                var sender = Sender;
                var call = Context.ActorOf(Props.Create(() => new OutboundCallActor(callId, m.AgentId, agent, m.Number, outbound, sender)), callId);
                Context.Watch(call);
                _onCall[m.AgentId] = (callId, call);
            }
        });
        Receive<CallControl>(m =>
        {
            if (_onCall.TryGetValue(m.AgentId, out var current)) current.Call.Forward(m);
            else Sender.Tell(new CallControlRefused($"{m.Verb}: {m.AgentId} has no call"));
        });
        Receive<WatchAgentCalls>(m =>
        {
            if (!_watchers.TryGetValue(m.AgentId, out var set)) _watchers[m.AgentId] = set = [];
            if (set.Add(m.Subscriber)) Context.Watch(m.Subscriber);
        });
        Receive<UnwatchAgentCalls>(m => Unwatch(m.AgentId, m.Subscriber));
        Receive<Terminated>(m =>
        {
            foreach (var agent in _watchers.Keys.ToList()) Unwatch(agent, m.ActorRef);
            // A call that stopped without saying so (a crash) no longer holds its agent.
            foreach (var (agent, call) in _onCall.Where(e => e.Value.Call.Equals(m.ActorRef)).ToList()) _onCall.Remove(agent);
        });
    }

    /// <summary>
    /// An outbound call's state lives only in its actor: one that fails stops (its PostStop hangs up the legs and ends
    /// the agent's Busy) and is not restarted, which would ring the agent's device again for a call nobody placed.
    /// </summary>
    protected override SupervisorStrategy SupervisorStrategy() => Akka.Actor.SupervisorStrategy.StoppingStrategy;

    private void Unwatch(string agentId, IActorRef subscriber)
    {
        if (!_watchers.TryGetValue(agentId, out var set) || !set.Remove(subscriber)) return;
        if (set.Count == 0) _watchers.Remove(agentId);
        if (_watchers.Values.All(s => !s.Contains(subscriber))) Context.Unwatch(subscriber);
    }
}

/// <summary>What an outbound call needs: the agents' dialer, the trunks, the call history, the caller ID shown, the clock.</summary>
public sealed record OutboundCalls(IAgentDialer Dialer, ITrunkDialer? Trunks, ICallHistory History, string CallerId, TimeProvider Time)
{
    /// <summary>Why a number cannot be dialled (null when it can): digits with an optional leading +, at most 20.</summary>
    public static string? Refusal(string number) => PhoneBook.NumberRefusal(number);
}

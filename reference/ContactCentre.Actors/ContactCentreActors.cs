using System.Collections.Concurrent;
using Akka.Actor;
using ContactCentre.Actors.Agents;
using ContactCentre.Actors.Calls;
using ContactCentre.Actors.Ports;
using ContactCentre.Actors.Queues;
using ContactCentre.Actors.Routing;
using ContactCentre.Domain.Configuration;
using ContactCentre.Domain.Flows;

namespace ContactCentre.Actors;

/// <summary>
/// The contact centre's long-lived actors (router, one per queue, one per agent), created from the
/// configuration, and the way in for new calls.
/// </summary>
public sealed class ContactCentreActors
{
    private readonly ActorSystem _system;
    private readonly IAgentDialer _dialer;
    private readonly ITrunkDialer? _trunks;
    private readonly ICallHistory _history;
    private readonly TimeProvider _time;

    private ContactCentreActors(ActorSystem system, IActorRef router, IReadOnlyDictionary<string, IActorRef> queues,
        IReadOnlyDictionary<string, IActorRef> agents, IAgentDialer dialer, ITrunkDialer? trunks, ICallHistory history, TimeProvider time)
    {
        _trunks = trunks;
        _system = system;
        Router = router;
        Queues = queues;
        Agents = agents;
        _dialer = dialer;
        _history = history;
        _time = time;
    }

    public IActorRef Router { get; }
    public IReadOnlyDictionary<string, IActorRef> Queues { get; }
    public IReadOnlyDictionary<string, IActorRef> Agents { get; }

    /// <summary>Which call each agent is on: the desktops' call control and call updates go through it.</summary>
    public IActorRef AgentCalls { get; private init; } = ActorRefs.Nobody;

    /// <param name="trunks">Dials flows' transfers out; without it a transfer hangs the caller up, saying so.</param>
    /// <param name="offerTimeout">
    /// How long the router lets an offer ring before it goes to the next agent (default 20 s); the call then stops
    /// ringing that agent (<see cref="WithdrawOffer"/>). Give the dialer the same time: whichever ends the ringing
    /// first, the other's report is recognised as stale.
    /// </param>
    public static ContactCentreActors Start(ActorSystem system, ContactCentreConfiguration configuration,
        IAgentDialer dialer, ICallHistory history, TimeProvider time, ITrunkDialer? trunks = null, TimeSpan? offerTimeout = null)
    {
        var routerTimeout = offerTimeout ?? RouterActor.DefaultOfferTimeout;
        var router = system.ActorOf(Props.Create(() => new RouterActor(routerTimeout)), "router");
        var queues = configuration.Queues.Values.ToDictionary(
            q => q.Name,
            q => system.ActorOf(Props.Create(() => new QueueActor(q.Name, router, time, q.Settings)), $"queue-{q.Name}"),
            StringComparer.Ordinal);
        // Before any agent exists, so before any presence: the router tells the queues how many agents serve them.
        router.Tell(new RouterQueues(queues));
        var agents = configuration.Agents.Values.ToDictionary(
            a => a.Id,
            a => system.ActorOf(Props.Create(() => new AgentActor(a, router, time, configuration.AgentRules)), $"agent-{a.Id}"),
            StringComparer.Ordinal);
        // Outbound calls show the first service number as the caller ID.
        var callerId = configuration.ServiceNumbers.Keys.Select(n => n.E164).FirstOrDefault() ?? "anonymous";
        var agentCalls = system.ActorOf(Props.Create(() => new AgentCallsActor(agents, new OutboundCalls(dialer, trunks, history, callerId, time))), "agent-calls");
        return new ContactCentreActors(system, router, queues, agents, dialer, trunks, history, time) { AgentCalls = agentCalls };
    }

    /// <summary>Starts the actor of an answered inbound call; it runs the flow from the start.</summary>
    /// <param name="otherFlows">Finds the flow a go-to module names (the flows being served); null keeps the call in its flow.</param>
    public IActorRef StartCall(ICallLeg caller, Flow flow, CallInfo info, Func<string, Flow?>? otherFlows = null)
    {
        var interpreter = new FlowInterpreter(flow, otherFlows: otherFlows is null ? null : FirstSeen(otherFlows));
        return _system.ActorOf(
            Props.Create(() => new CallActor(caller, interpreter, info, Queues, Router, _dialer, _history, _time, _trunks, Agents, AgentCalls)),
            $"call-{Uri.EscapeDataString(info.CallId)}-{Guid.NewGuid():N}");
    }

    /// <summary>
    /// Keeps the version of each flow a call first entered: an administrator saving a flow mid-call must not move the
    /// call to a module the new version lacks.
    /// </summary>
    private static Func<string, Flow?> FirstSeen(Func<string, Flow?> flows)
    {
        var seen = new ConcurrentDictionary<string, Flow?>(StringComparer.Ordinal);
        return name => seen.GetOrAdd(name, flows);
    }
}

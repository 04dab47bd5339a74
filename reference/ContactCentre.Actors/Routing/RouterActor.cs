using System.Collections.Immutable;
using Akka.Actor;
using Akka.Event;
using ContactCentre.Actors.Queues;
using ContactCentre.Domain.Agents;
using ContactCentre.Domain.Routing;

namespace ContactCentre.Actors.Routing;

/// <summary>
/// The automatic call distributor: holds the <see cref="Distributor"/> rules and, after every change, makes the
/// offers they allow. Runs each offer's timeout: an offer not answered in time ends, the agent becomes No answer,
/// the call is told to stop ringing it, and the ticket goes to the next agent. Counts the agents serving each queue
/// and tells the queue actors (<see cref="RouterQueues"/>) <see cref="QueueAgentsChanged"/> when their counts change.
/// One per contact centre (a cluster singleton later).
/// </summary>
public sealed class RouterActor : ReceiveActor, IWithTimers
{
    private sealed record OfferTimedOut(string TicketId, string AgentId);

    /// <summary>
    /// The agents serving one queue: logged in and ready now, and what the queue actor was last told (nothing until
    /// a presence touched the queue: the queue does not know, and its no-agents rule does not apply).
    /// </summary>
    private sealed class QueueAgents
    {
        public int LoggedIn;
        public int Ready;
        public bool Told;
        public int ToldLoggedIn;
        public int ToldReady;
    }

    /// <summary>The product's default time an offer rings.</summary>
    public static readonly TimeSpan DefaultOfferTimeout = TimeSpan.FromSeconds(20);

    private readonly Distributor _distributor = new();
    private readonly Dictionary<string, TicketWaiting> _tickets = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IActorRef> _agents = new(StringComparer.Ordinal);
    // Each agent's last presence and the counts per queue they add up to, kept by difference (not recounted).
    private readonly Dictionary<string, AgentPresence> _presences = new(StringComparer.Ordinal);
    private readonly Dictionary<string, QueueAgents> _queueAgents = new(StringComparer.Ordinal);
    private IReadOnlyDictionary<string, IActorRef> _queues = new Dictionary<string, IActorRef>();
    private readonly TimeSpan _offerTimeout;
    private readonly ILoggingAdapter _log = Context.GetLogger();

    public RouterActor() : this(DefaultOfferTimeout)
    {
    }

    public RouterActor(TimeSpan offerTimeout)
    {
        _offerTimeout = offerTimeout;
        Receive<TicketWaiting>(m =>
        {
            _tickets[m.Ticket.Id] = m;
            _distributor.TicketWaiting(m.Ticket, m.Skills);
            Distribute();
        });
        Receive<TicketGone>(m =>
        {
            if (_distributor.TicketGone(m.TicketId) is { } ended)
                EndOffer(ended, "caller hung up", OfferOutcome.Withdrawn, tellCall: false);
            _tickets.Remove(m.TicketId);
            Distribute();
        });
        Receive<AgentPresenceChanged>(m =>
        {
            _agents[m.Presence.AgentId] = m.Agent;
            if (_distributor.AgentChanged(m.Presence) is { } ended)
                EndOffer(ended, $"the agent is {m.Presence.Status}", outcome: null, tellCall: true);
            Distribute();
            CountAgents(m.Presence);
        });
        Receive<RouterQueues>(m =>
        {
            _queues = m.Queues;
            foreach (var (queue, count) in _queueAgents)
            {
                count.Told = false;
                TellCount(queue, count);
            }
        });
        Receive<OfferFailed>(m =>
        {
            var agentId = m.AgentId ?? _distributor.OfferOf(m.TicketId)?.Agent.AgentId;
            if (agentId is not null && _distributor.OfferFailed(m.TicketId, agentId))
            {
                Timers.Cancel(TimerKey(m.TicketId));
                // The call may not know (the agent rejected it): it stops ringing that agent.
                if (_tickets.TryGetValue(m.TicketId, out var ticket)) ticket.Call.Tell(new WithdrawOffer(m.TicketId, agentId, "the offer failed"));
            }
            Distribute();
        });
        Receive<OfferRefused>(m =>
        {
            if (_distributor.OfferRefused(m.TicketId, m.Agent.AgentId, m.Agent.Status))
                Timers.Cancel(TimerKey(m.TicketId));
            _distributor.AgentChanged(m.Agent);
            Distribute();
        });
        Receive<OfferAnswered>(m =>
        {
            var agentId = m.AgentId ?? _distributor.OfferOf(m.TicketId)?.Agent.AgentId;
            Timers.Cancel(TimerKey(m.TicketId));
            if (agentId is not null && _distributor.OfferAnswered(m.TicketId, agentId) is { } ended)
                EndOffer(ended, $"answered by {agentId}", OfferOutcome.Withdrawn, tellCall: true);
            _tickets.Remove(m.TicketId);
            Distribute();
        });
        Receive<GetRouting>(_ => Sender.Tell(new RoutingSnapshot(
            _distributor.Waiting.Select(t => t.Id).ToList(),
            _distributor.Offers.ToDictionary(o => o.Ticket.Id, o => o.Agent.AgentId, StringComparer.Ordinal))));
        Receive<OfferTimedOut>(m =>
        {
            if (!_distributor.OfferFailed(m.TicketId, m.AgentId)) return;
            var reason = $"no answer in {_offerTimeout.TotalSeconds:0} s";
            _log.Info("Ticket {0}: agent {1} did not answer in {2}; offering the next agent", m.TicketId, m.AgentId, _offerTimeout);
            if (_agents.TryGetValue(m.AgentId, out var agent)) agent.Tell(new Agents.OfferNotAccepted(m.TicketId, reason) { Outcome = OfferOutcome.NoAnswer });
            if (_tickets.TryGetValue(m.TicketId, out var ticket)) ticket.Call.Tell(new WithdrawOffer(m.TicketId, m.AgentId, reason));
            Distribute();
        });
    }

    public ITimerScheduler Timers { get; set; } = null!;

    private static string TimerKey(string ticketId) => "offer:" + ticketId;

    /// <summary>An offer the rules ended: stop its timer, tell the agent (unless it ended it) and the call.</summary>
    private void EndOffer(Assignment offer, string reason, OfferOutcome? outcome, bool tellCall)
    {
        Timers.Cancel(TimerKey(offer.Ticket.Id));
        if (outcome is { } o && _agents.TryGetValue(offer.Agent.AgentId, out var agent))
            agent.Tell(new Agents.OfferNotAccepted(offer.Ticket.Id, reason) { Outcome = o });
        if (tellCall && _tickets.TryGetValue(offer.Ticket.Id, out var ticket))
            ticket.Call.Tell(new WithdrawOffer(offer.Ticket.Id, offer.Agent.AgentId, reason));
    }

    /// <summary>
    /// Moves the agent from the counts of its previous presence to those of this one, and tells every queue of either
    /// whose counts changed (logging out of a queue changes the queues the agent served before).
    /// </summary>
    private void CountAgents(AgentPresence presence)
    {
        _presences.TryGetValue(presence.AgentId, out var before);
        if (before is not null
            && before.Status == presence.Status
            && (ReferenceEquals(before.Queues, presence.Queues) || before.Queues.SetEquals(presence.Queues)))
        {
            _presences[presence.AgentId] = presence;
            return; // the same counts: a repeated report, or one that moved only Since
        }
        _presences[presence.AgentId] = presence;
        if (before is not null) Add(before, -1);
        Add(presence, +1);
        if (before is not null)
            foreach (var queue in before.Queues) TellCount(queue, _queueAgents[queue]);
        foreach (var queue in presence.Queues) TellCount(queue, _queueAgents[queue]);
    }

    /// <summary>Adds (or with -1 removes) the agent to the counts of its queues; a logged-out agent counts in none, but its queues become known.</summary>
    private void Add(AgentPresence presence, int sign)
    {
        var loggedIn = presence.Status != AgentStatus.LoggedOut ? sign : 0;
        var ready = presence.Status == AgentStatus.Ready ? sign : 0;
        foreach (var queue in presence.Queues)
        {
            if (!_queueAgents.TryGetValue(queue, out var count)) _queueAgents[queue] = count = new QueueAgents();
            count.LoggedIn += loggedIn;
            count.Ready += ready;
        }
    }

    /// <summary>Tells the queue actor its counts if they differ from what it was last told.</summary>
    private void TellCount(string queue, QueueAgents count)
    {
        if (count.Told && count.ToldLoggedIn == count.LoggedIn && count.ToldReady == count.Ready) return;
        if (!_queues.TryGetValue(queue, out var actor)) return;
        actor.Tell(new QueueAgentsChanged(count.LoggedIn, count.Ready));
        (count.Told, count.ToldLoggedIn, count.ToldReady) = (true, count.LoggedIn, count.Ready);
    }

    private void Distribute()
    {
        while (_distributor.NextAssignment() is { } assignment)
        {
            var ticket = assignment.Ticket;
            if (!_tickets.TryGetValue(ticket.Id, out var waiting) || !_agents.TryGetValue(assignment.Agent.AgentId, out var agent))
            {
                _distributor.TicketGone(ticket.Id);
                continue;
            }
            _log.Info("Offering ticket {0} of queue {1} to agent {2}", ticket.Id, ticket.Queue, assignment.Agent.AgentId);
            Timers.StartSingleTimer(TimerKey(ticket.Id), new OfferTimedOut(ticket.Id, assignment.Agent.AgentId), _offerTimeout);
            agent.Tell(new OfferStarted(ticket.Id, ticket.Caller, ticket.Queue)
            {
                Variables = waiting.Variables ?? ImmutableDictionary<string, string>.Empty,
                Ticket = ticket,
                Call = waiting.Call,
            });
        }
    }
}

using System.Collections.Immutable;
using Akka.Actor;
using Akka.Event;
using ContactCentre.Domain.Agents;
using ContactCentre.Domain.Routing;

namespace ContactCentre.Actors.Routing;

/// <summary>
/// The automatic call distributor: holds the <see cref="Distributor"/> rules and, after every change, makes the
/// offers they allow. Runs each offer's timeout: an offer not answered in time ends, the agent becomes No answer,
/// the call is told to stop ringing it, and the ticket goes to the next agent. One per contact centre (a cluster
/// singleton later).
/// </summary>
public sealed class RouterActor : ReceiveActor, IWithTimers
{
    private sealed record OfferTimedOut(string TicketId, string AgentId);

    /// <summary>The product's default time an offer rings.</summary>
    public static readonly TimeSpan DefaultOfferTimeout = TimeSpan.FromSeconds(20);

    private readonly Distributor _distributor = new();
    private readonly Dictionary<string, TicketWaiting> _tickets = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IActorRef> _agents = new(StringComparer.Ordinal);
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

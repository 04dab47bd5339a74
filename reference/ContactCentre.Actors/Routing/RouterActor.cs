using System.Collections.Immutable;
using Akka.Actor;
using Akka.Event;
using ContactCentre.Domain.Routing;

namespace ContactCentre.Actors.Routing;

/// <summary>
/// The automatic call distributor: holds the <see cref="Distributor"/> rules and, after every change,
/// makes the offers they allow. One per contact centre (a cluster singleton later).
/// </summary>
public sealed class RouterActor : ReceiveActor
{
    private readonly Distributor _distributor = new();
    private readonly Dictionary<string, IActorRef> _calls = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IActorRef> _agents = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IReadOnlyDictionary<string, string>> _variables = new(StringComparer.Ordinal);
    private readonly ILoggingAdapter _log = Context.GetLogger();

    public RouterActor()
    {
        Receive<TicketWaiting>(m =>
        {
            _calls[m.Ticket.Id] = m.Call;
            _variables[m.Ticket.Id] = m.Variables;
            _distributor.TicketWaiting(m.Ticket);
            Distribute();
        });
        Receive<TicketGone>(m =>
        {
            _distributor.TicketGone(m.TicketId);
            _calls.Remove(m.TicketId);
            _variables.Remove(m.TicketId);
            Distribute();
        });
        Receive<AgentPresenceChanged>(m =>
        {
            _agents[m.Presence.AgentId] = m.Agent;
            _distributor.AgentChanged(m.Presence);
            Distribute();
        });
        Receive<OfferFailed>(m =>
        {
            _distributor.OfferFailed(m.TicketId);
            Distribute();
        });
        Receive<OfferAnswered>(m =>
        {
            _distributor.OfferAnswered(m.TicketId);
            _calls.Remove(m.TicketId);
            _variables.Remove(m.TicketId);
        });
    }

    private void Distribute()
    {
        while (_distributor.NextAssignment() is { } assignment)
        {
            var ticket = assignment.Ticket;
            if (!_calls.TryGetValue(ticket.Id, out var call) || !_agents.TryGetValue(assignment.Agent.AgentId, out var agent))
            {
                _distributor.TicketGone(ticket.Id);
                continue;
            }
            _log.Info("Offering ticket {0} of queue {1} to agent {2}", ticket.Id, ticket.Queue, assignment.Agent.AgentId);
            agent.Tell(new OfferStarted(ticket.Id, ticket.Caller, ticket.Queue) { Variables = _variables.GetValueOrDefault(ticket.Id) ?? ImmutableDictionary<string, string>.Empty });
            call.Tell(new OfferCall(ticket, assignment.Agent, agent));
        }
    }
}

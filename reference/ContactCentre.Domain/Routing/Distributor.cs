using ContactCentre.Domain.Agents;
using ContactCentre.Domain.Queues;

namespace ContactCentre.Domain.Routing;

/// <summary>A ticket offered to an agent.</summary>
public sealed record Assignment(Ticket Ticket, AgentPresence Agent);

/// <summary>
/// The automatic call distributor's rules: the first ticket in queue order goes to the longest-idle
/// ready agent of its queue. While an offer rings, neither the ticket nor the agent is offered again.
/// Pure and single-threaded; the router actor owns one.
/// </summary>
public sealed class Distributor
{
    private readonly SortedSet<Ticket> _waiting = new(TicketOrder.Instance);
    private readonly Dictionary<string, AgentPresence> _agents = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Assignment> _offers = new(StringComparer.Ordinal);

    public IReadOnlyCollection<Ticket> Waiting => _waiting;
    public IReadOnlyCollection<Assignment> Offers => _offers.Values;
    public AgentPresence? Agent(string agentId) => _agents.GetValueOrDefault(agentId);

    public void TicketWaiting(Ticket ticket)
    {
        if (!_offers.ContainsKey(ticket.Id) && _waiting.All(t => t.Id != ticket.Id))
            _waiting.Add(ticket);
    }

    /// <summary>The ticket left (answered, abandoned, lost): forget it, and release its agent if it was being offered.</summary>
    public void TicketGone(string ticketId)
    {
        _waiting.RemoveWhere(t => t.Id == ticketId);
        _offers.Remove(ticketId);
    }

    /// <summary>
    /// An agent's presence as the agent entity reports it. Reservations are released only by
    /// <see cref="OfferFailed"/>, <see cref="OfferAnswered"/> or <see cref="TicketGone"/>, so a
    /// presence report that crossed an offer in flight cannot free the agent or the ticket twice.
    /// </summary>
    public void AgentChanged(AgentPresence presence) => _agents[presence.AgentId] = presence;

    /// <summary>
    /// The offer was not answered: the ticket waits again, in its old place, and the agent counts as
    /// No answer until it reports itself again (so the same ticket does not ring the same phone at once).
    /// </summary>
    public void OfferFailed(string ticketId)
    {
        if (!_offers.Remove(ticketId, out var offer))
            return;
        _waiting.Add(offer.Ticket);
        if (_agents.TryGetValue(offer.Agent.AgentId, out var agent) && agent.Status == AgentStatus.Ready)
            _agents[agent.AgentId] = agent with { Status = AgentStatus.NoAnswer };
    }

    /// <summary>The offer was answered: the ticket leaves the queue.</summary>
    public void OfferAnswered(string ticketId) => _offers.Remove(ticketId);

    /// <summary>Picks the next offer to make, reserving both the ticket and the agent; null when none can be made.</summary>
    public Assignment? NextAssignment()
    {
        foreach (var ticket in _waiting)
        {
            var agent = _agents.Values
                .Where(a => a.Status == AgentStatus.Ready && a.Device is not null && a.Queues.Contains(ticket.Queue))
                .Where(a => _offers.Values.All(o => o.Agent.AgentId != a.AgentId))
                .OrderBy(a => a.Since)
                .ThenBy(a => a.AgentId, StringComparer.Ordinal)
                .FirstOrDefault();
            if (agent is null)
                continue;
            _waiting.Remove(ticket);
            var assignment = new Assignment(ticket, agent);
            _offers[ticket.Id] = assignment;
            return assignment;
        }
        return null;
    }
}

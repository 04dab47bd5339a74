using ContactCentre.Domain.Agents;
using ContactCentre.Domain.Queues;

namespace ContactCentre.Domain.Routing;

/// <summary>A ticket offered to an agent.</summary>
public sealed record Assignment(Ticket Ticket, AgentPresence Agent);

/// <summary>
/// The automatic call distributor's rules. Who takes which ticket:
/// <list type="bullet">
/// <item>An agent takes tickets only of queues it is logged in to, only when Ready with a device, and only
/// when it has every skill the ticket needs (level 1 or more).</item>
/// <item>An agent who becomes free takes a ticket of its highest-priority queue that has one it can serve;
/// among queues of equal priority, the first ticket in queue order (ticket priority, then time of entry).</item>
/// <item>A ticket that arrives goes to the free agent of its queue who gives that queue the highest priority;
/// among those, the one with the highest sum of levels of the needed skills; then the longest idle
/// (earliest <see cref="AgentPresence.Since"/>); then by agent id.</item>
/// </list>
/// While an offer rings, neither its ticket nor its agent is offered again. Indexed: every call is
/// O(log n) for tickets without skills (a skilled ticket scans its queue's free agents). Pure and
/// single-threaded; the router actor owns one.
/// </summary>
public sealed class Distributor
{
    private static readonly IReadOnlySet<string> NoSkills = new HashSet<string>();

    private readonly SortedSet<Ticket> _waiting = new(TicketOrder.Instance);
    private readonly Dictionary<string, Ticket> _waitingById = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SortedSet<Ticket>> _waitingByQueue = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IReadOnlySet<string>> _skillsNeeded = new(StringComparer.Ordinal);

    private readonly Dictionary<string, AgentEntry> _agents = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SortedSet<FreeAgent>> _freeByQueue = new(StringComparer.Ordinal);

    private readonly Dictionary<string, Assignment> _offers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _offerOfAgent = new(StringComparer.Ordinal);

    // What changed since the last match: only a new ticket or a newly free agent can make a new pair.
    private readonly SortedSet<Ticket> _newTickets = new(TicketOrder.Instance);
    private readonly SortedSet<FreeAgent> _newAgents = new(FreeAgentOrder.ByIdle);

    public IReadOnlyCollection<Ticket> Waiting => _waiting;
    public IReadOnlyCollection<Assignment> Offers => _offers.Values;
    public AgentPresence? Agent(string agentId) => _agents.GetValueOrDefault(agentId)?.Presence;

    /// <summary>The offer ringing for a ticket, or null.</summary>
    public Assignment? OfferOf(string ticketId) => _offers.GetValueOrDefault(ticketId);

    public void TicketWaiting(Ticket ticket) => TicketWaiting(ticket, NoSkills);

    /// <summary>A ticket waits; <paramref name="skills"/> are the skills an agent needs to take it.</summary>
    public void TicketWaiting(Ticket ticket, IReadOnlySet<string> skills)
    {
        if (_offers.ContainsKey(ticket.Id) || _waitingById.ContainsKey(ticket.Id))
            return;
        if (skills.Count > 0) _skillsNeeded[ticket.Id] = skills;
        AddWaiting(ticket);
    }

    /// <summary>
    /// The ticket left (answered, abandoned, lost): forget it. An offer of it ends, and its agent is free
    /// again as far as its last report goes. Returns that offer, so its ringing can be stopped.
    /// </summary>
    public Assignment? TicketGone(string ticketId)
    {
        if (_waitingById.TryGetValue(ticketId, out var ticket))
            RemoveWaiting(ticket);
        _skillsNeeded.Remove(ticketId);
        if (!_offers.Remove(ticketId, out var offer))
            return null;
        _offerOfAgent.Remove(offer.Agent.AgentId);
        if (_agents.TryGetValue(offer.Agent.AgentId, out var agent)) Index(agent);
        return offer;
    }

    /// <summary>
    /// An agent's presence as the agent entity reports it. Reports may cross an offer in flight, so an offer ends
    /// only when the report says the agent can no longer take it (logged out, paused, busy, no answer): then the
    /// ticket waits again in its old place, and the ended offer is returned.
    /// </summary>
    public Assignment? AgentChanged(AgentPresence presence)
    {
        var agent = _agents.GetValueOrDefault(presence.AgentId);
        if (agent is not null) Unindex(agent);
        agent = agent is not null && SameQueues(agent.Presence, presence)
            ? new AgentEntry(presence, agent.QueuesByPriority)
            : new AgentEntry(presence);
        _agents[presence.AgentId] = agent;

        Assignment? ended = null;
        if (_offerOfAgent.TryGetValue(presence.AgentId, out var ticketId)
            && presence.Status is not (AgentStatus.Ready or AgentStatus.Connecting or AgentStatus.Connected))
        {
            ended = _offers[ticketId];
            EndOffer(ended);
        }
        Index(agent);
        return ended;
    }

    /// <summary>
    /// The offer was not answered (timed out, rejected, failed): the ticket waits again, in its old place, and the
    /// agent counts as No answer until it reports itself again (so the same ticket does not ring the same phone at once).
    /// </summary>
    public void OfferFailed(string ticketId)
    {
        if (_offers.TryGetValue(ticketId, out var offer)) OfferFailed(ticketId, offer.Agent.AgentId);
    }

    /// <summary>As <see cref="OfferFailed(string)"/>, only if the ticket is still offered to that agent (a late report is ignored).</summary>
    public bool OfferFailed(string ticketId, string agentId) => OfferFailed(ticketId, agentId, AgentStatus.NoAnswer);

    /// <summary>
    /// The agent refused the offer because it is not Ready (its report had crossed the offer): the ticket waits
    /// again; the agent is as its next report says.
    /// </summary>
    public bool OfferRefused(string ticketId, string agentId, AgentStatus agentStatus) => OfferFailed(ticketId, agentId, agentStatus);

    private bool OfferFailed(string ticketId, string agentId, AgentStatus markAgent)
    {
        if (!_offers.TryGetValue(ticketId, out var offer) || offer.Agent.AgentId != agentId)
            return false;
        EndOffer(offer);
        if (_agents.TryGetValue(agentId, out var agent) && agent.Presence.Status == AgentStatus.Ready)
        {
            Unindex(agent);
            var marked = new AgentEntry(agent.Presence with { Status = markAgent }, agent.QueuesByPriority);
            _agents[agentId] = marked;
            Index(marked);
        }
        return true;
    }

    /// <summary>The offer was answered: the ticket leaves, the agent is on the call until it reports again.</summary>
    public void OfferAnswered(string ticketId)
    {
        if (_offers.TryGetValue(ticketId, out var offer)) OfferAnswered(ticketId, offer.Agent.AgentId);
    }

    /// <summary>
    /// <paramref name="agentId"/> answered the ticket. If that offer had already ended (it timed out as the phone was
    /// picked up) the answer still wins: the ticket leaves, and an offer of it to another agent ends and is returned.
    /// </summary>
    public Assignment? OfferAnswered(string ticketId, string agentId)
    {
        Assignment? ended = null;
        if (_offers.TryGetValue(ticketId, out var offer))
        {
            _offers.Remove(ticketId);
            _offerOfAgent.Remove(offer.Agent.AgentId);
            if (offer.Agent.AgentId != agentId)
            {
                ended = offer;
                if (_agents.TryGetValue(offer.Agent.AgentId, out var other)) Index(other);
            }
        }
        else if (_waitingById.TryGetValue(ticketId, out var ticket))
        {
            RemoveWaiting(ticket);
        }
        _skillsNeeded.Remove(ticketId);
        if (_agents.TryGetValue(agentId, out var agent) && !_offerOfAgent.ContainsKey(agentId))
        {
            Unindex(agent);
            _agents[agentId] = new AgentEntry(agent.Presence with { Status = AgentStatus.Connected }, agent.QueuesByPriority);
        }
        return ended;
    }

    /// <summary>Picks the next offer to make, reserving both the ticket and the agent; null when none can be made.</summary>
    public Assignment? NextAssignment()
    {
        // Newly free agents first, longest idle first, each taking a ticket by its own queue priorities; then new
        // tickets in queue order, each going to the best free agent. The router calls this after every change, so
        // there is seldom more than one of either.
        while (_newAgents.Min is { } free)
        {
            _newAgents.Remove(free);
            if (_agents.TryGetValue(free.AgentId, out var agent) && IsFree(agent) && BestTicketFor(agent) is { } best)
                return Reserve(best, agent);
        }
        while (_newTickets.Min is { } ticket)
        {
            _newTickets.Remove(ticket);
            if (BestAgentFor(ticket) is { } found)
                return Reserve(ticket, found);
        }
        return null;
    }

    private Assignment Reserve(Ticket ticket, AgentEntry agent)
    {
        RemoveWaiting(ticket);
        Unindex(agent);
        var assignment = new Assignment(ticket, agent.Presence);
        _offers[ticket.Id] = assignment;
        _offerOfAgent[agent.Presence.AgentId] = ticket.Id;
        return assignment;
    }

    private void EndOffer(Assignment offer)
    {
        _offers.Remove(offer.Ticket.Id);
        _offerOfAgent.Remove(offer.Agent.AgentId);
        AddWaiting(offer.Ticket);
    }

    private Ticket? BestTicketFor(AgentEntry agent)
    {
        foreach (var group in agent.QueuesByPriority)
        {
            Ticket? best = null;
            foreach (var queue in group)
            {
                if (!_waitingByQueue.TryGetValue(queue, out var tickets)) continue;
                foreach (var ticket in tickets)
                {
                    if (best is not null && TicketOrder.Instance.Compare(ticket, best) >= 0) break;
                    if (!HasSkills(agent.Presence, ticket.Id)) continue;
                    best = ticket;
                    break;
                }
            }
            if (best is not null) return best;
        }
        return null;
    }

    private AgentEntry? BestAgentFor(Ticket ticket)
    {
        if (!_freeByQueue.TryGetValue(ticket.Queue, out var free) || free.Count == 0)
            return null;
        if (!_skillsNeeded.TryGetValue(ticket.Id, out var skills))
            return _agents[free.Min!.AgentId];

        FreeAgent? best = null;
        var bestSum = 0;
        foreach (var candidate in free)
        {
            if (best is not null && candidate.Priority < best.Priority) break;
            var presence = _agents[candidate.AgentId].Presence;
            if (!skills.All(s => presence.Skills.GetValueOrDefault(s) >= 1)) continue;
            var sum = skills.Sum(s => presence.Skills[s]);
            if (best is null || sum > bestSum) (best, bestSum) = (candidate, sum);
        }
        return best is null ? null : _agents[best.AgentId];
    }

    private bool HasSkills(AgentPresence agent, string ticketId) =>
        !_skillsNeeded.TryGetValue(ticketId, out var skills) || skills.All(s => agent.Skills.GetValueOrDefault(s) >= 1);

    private bool IsFree(AgentEntry agent) =>
        agent.Presence is { Status: AgentStatus.Ready, Device: not null } && !_offerOfAgent.ContainsKey(agent.Presence.AgentId);

    private void AddWaiting(Ticket ticket)
    {
        _waiting.Add(ticket);
        _waitingById[ticket.Id] = ticket;
        if (!_waitingByQueue.TryGetValue(ticket.Queue, out var queue))
            _waitingByQueue[ticket.Queue] = queue = new SortedSet<Ticket>(TicketOrder.Instance);
        queue.Add(ticket);
        _newTickets.Add(ticket);
    }

    private void RemoveWaiting(Ticket ticket)
    {
        _waiting.Remove(ticket);
        _waitingById.Remove(ticket.Id);
        _waitingByQueue[ticket.Queue].Remove(ticket);
        _newTickets.Remove(ticket);
    }

    /// <summary>Puts a free agent in the free sets of its queues and in the work list.</summary>
    private void Index(AgentEntry agent)
    {
        if (!IsFree(agent)) return;
        foreach (var queue in agent.Presence.Queues)
        {
            if (!_freeByQueue.TryGetValue(queue, out var free))
                _freeByQueue[queue] = free = new SortedSet<FreeAgent>(FreeAgentOrder.ByPriorityThenIdle);
            free.Add(agent.FreeIn(queue));
        }
        _newAgents.Add(agent.FreeIn(""));
    }

    private void Unindex(AgentEntry agent)
    {
        foreach (var queue in agent.Presence.Queues)
            if (_freeByQueue.TryGetValue(queue, out var free)) free.Remove(agent.FreeIn(queue));
        _newAgents.Remove(agent.FreeIn(""));
    }

    /// <summary>An agent's presence with its queues grouped by the agent's priority, highest first.</summary>
    /// <summary>
    /// The same queues at the same priorities: the same sets from the same agent entity, or equal ones (a report that
    /// crossed a process boundary is a new object with the same content).
    /// </summary>
    private static bool SameQueues(AgentPresence before, AgentPresence now) =>
        (ReferenceEquals(before.Queues, now.Queues) || before.Queues.SetEquals(now.Queues))
        && (ReferenceEquals(before.QueuePriorities, now.QueuePriorities)
            || (before.QueuePriorities.Count == now.QueuePriorities.Count
                && before.QueuePriorities.All(p => now.QueuePriorities.TryGetValue(p.Key, out var level) && level == p.Value)));

    private sealed class AgentEntry(AgentPresence presence, IReadOnlyList<string[]>? queuesByPriority = null)
    {
        public AgentPresence Presence { get; } = presence;

        // Reused while the agent reports the same queue sets (the common case: only its status changes).
        public IReadOnlyList<string[]> QueuesByPriority { get; } = queuesByPriority ?? presence.Queues
            .GroupBy(presence.PriorityOf)
            .OrderByDescending(g => g.Key)
            .Select(g => g.Order(StringComparer.Ordinal).ToArray())
            .ToList();

        public FreeAgent FreeIn(string queue) => new(Presence.PriorityOf(queue), Presence.Since, Presence.AgentId);
    }

    private sealed record FreeAgent(int Priority, DateTimeOffset Since, string AgentId);

    private sealed class FreeAgentOrder(bool byPriority) : IComparer<FreeAgent>
    {
        public static FreeAgentOrder ByPriorityThenIdle { get; } = new(true);
        public static FreeAgentOrder ByIdle { get; } = new(false);

        public int Compare(FreeAgent? x, FreeAgent? y)
        {
            if (ReferenceEquals(x, y)) return 0;
            if (x is null) return 1;
            if (y is null) return -1;
            if (byPriority && x.Priority != y.Priority) return y.Priority.CompareTo(x.Priority);
            var bySince = x.Since.CompareTo(y.Since);
            return bySince != 0 ? bySince : string.CompareOrdinal(x.AgentId, y.AgentId);
        }
    }
}

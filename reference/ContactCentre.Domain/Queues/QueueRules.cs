using ContactCentre.Domain.Flows;

namespace ContactCentre.Domain.Queues;

/// <summary>A ticket sent out of the queue by one of its limits, with the flow exit it takes.</summary>
public sealed record TicketExit(Ticket Ticket, QueueRefusal Exit, TicketOutcome Outcome, string Reason);

/// <summary>
/// A queue's limits as pure rules (the queue actor applies them): maximum waiting tickets, maximum wait, and what
/// happens with no agent logged in. <paramref name="agents"/> is null while the queue has not yet heard how many
/// agents serve it; the no-agents rule then does not apply.
/// </summary>
public static class QueueRules
{
    /// <summary>Whether a new ticket may wait: null when admitted, else the refusal and why (in words for the log and history).</summary>
    public static TicketRefused? Admit(QueueState state, QueueSettings settings, AgentCount? agents, Ticket ticket, DateTimeOffset now)
    {
        if (settings.MaxWaiting is { } max && state.Waiting.Count >= max)
            return new TicketRefused(ticket, QueueRefusal.Full, now, $"queue '{state.Name}' is full ({max} waiting)");
        if (NoAgentsExit(settings, agents) is { } exit)
            return new TicketRefused(ticket, exit, now, $"no agent is logged in to queue '{state.Name}'");
        return null;
    }

    /// <summary>
    /// Waiting tickets whose time is up: those that waited <see cref="QueueSettings.MaxWait"/> take "overflow"; with no
    /// agent logged in and a rule other than <see cref="NoAgentsRule.Stay"/>, every waiting ticket takes that exit.
    /// </summary>
    public static IReadOnlyList<TicketExit> Due(QueueState state, QueueSettings settings, AgentCount? agents, DateTimeOffset now)
    {
        var exits = new List<TicketExit>();
        var noAgents = NoAgentsExit(settings, agents);
        foreach (var ticket in state.Waiting)
        {
            if (settings.MaxWait is { } max && now - ticket.EnteredAt >= max)
                exits.Add(new TicketExit(ticket, QueueRefusal.Overflow, TicketOutcome.MaxWaitExceeded,
                    $"waited the maximum of {max.TotalSeconds:0} s in queue '{state.Name}'"));
            else if (noAgents is { } exit)
                exits.Add(new TicketExit(ticket, exit, TicketOutcome.NoAgents, $"no agent is logged in to queue '{state.Name}'"));
        }
        return exits;
    }

    /// <summary>When the next ticket reaches the maximum wait (for the queue's timer); null with none waiting or no limit.</summary>
    public static DateTimeOffset? NextMaxWaitAt(QueueState state, QueueSettings settings) =>
        settings.MaxWait is { } max && state.Waiting.Count > 0 ? state.Waiting.Min(t => t.EnteredAt) + max : null;

    private static QueueRefusal? NoAgentsExit(QueueSettings settings, AgentCount? agents) =>
        agents is { LoggedIn: 0 } ? settings.WhenNoAgents switch
        {
            NoAgentsRule.Full => QueueRefusal.Full,
            NoAgentsRule.Overflow => QueueRefusal.Overflow,
            _ => null,
        } : null;
}

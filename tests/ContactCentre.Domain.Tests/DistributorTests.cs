using ContactCentre.Domain.Agents;
using ContactCentre.Domain.Queues;
using ContactCentre.Domain.Routing;

namespace ContactCentre.Domain.Tests;

[Trait("Category", "Unit")]
public sealed class DistributorTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 27, 9, 0, 0, TimeSpan.Zero);
    private static readonly AgentDevice Phone = new("sip:agent@127.0.0.1:5070");

    private static AgentPresence Agent(string id, AgentStatus status, int idleSinceMinute, params string[] queues) =>
        new(id, queues.ToHashSet(), status, T0.AddMinutes(idleSinceMinute), Phone);

    private static Ticket Ticket(string id, string queue, int minute, int priority = 0) => new(id, queue, priority, T0.AddMinutes(minute), "+358401234567");

    [Fact]
    public void The_oldest_ticket_goes_to_the_longest_idle_ready_agent_of_its_queue()
    {
        var d = new Distributor();
        d.AgentChanged(Agent("a1", AgentStatus.Ready, 5, "support"));
        d.AgentChanged(Agent("a2", AgentStatus.Ready, 1, "support"));
        d.AgentChanged(Agent("a3", AgentStatus.Ready, 0, "sales"));
        d.TicketWaiting(Ticket("t2", "support", 2));
        d.TicketWaiting(Ticket("t1", "support", 1));

        var first = d.NextAssignment()!;
        Assert.Equal(("t1", "a2"), (first.Ticket.Id, first.Agent.AgentId));
        var second = d.NextAssignment()!;
        Assert.Equal(("t2", "a1"), (second.Ticket.Id, second.Agent.AgentId));
        Assert.Null(d.NextAssignment());
    }

    [Fact]
    public void A_higher_priority_ticket_is_served_before_an_older_one()
    {
        var d = new Distributor();
        d.TicketWaiting(Ticket("old", "support", 0));
        d.TicketWaiting(Ticket("vip", "support", 9, priority: 5));
        d.AgentChanged(Agent("a1", AgentStatus.Ready, 0, "support"));
        Assert.Equal("vip", d.NextAssignment()!.Ticket.Id);
    }

    [Fact]
    public void An_agent_under_offer_gets_no_second_offer_and_the_ticket_is_not_offered_twice()
    {
        var d = new Distributor();
        d.AgentChanged(Agent("a1", AgentStatus.Ready, 0, "support"));
        d.TicketWaiting(Ticket("t1", "support", 0));
        d.TicketWaiting(Ticket("t2", "support", 1));
        Assert.Equal("t1", d.NextAssignment()!.Ticket.Id);

        // A presence report that crossed the offer must not free the agent.
        d.AgentChanged(Agent("a1", AgentStatus.Ready, 0, "support"));
        d.TicketWaiting(Ticket("t1", "support", 0));
        Assert.Null(d.NextAssignment());

        d.OfferFailed("t1");
        Assert.Null(d.NextAssignment());
        d.AgentChanged(Agent("a2", AgentStatus.Ready, 3, "support"));
        var retry = d.NextAssignment()!;
        Assert.Equal(("t1", "a2"), (retry.Ticket.Id, retry.Agent.AgentId));
    }

    [Fact]
    public void Agents_not_ready_or_without_a_device_are_not_offered()
    {
        var d = new Distributor();
        d.AgentChanged(Agent("busy", AgentStatus.Connected, 0, "support"));
        d.AgentChanged(Agent("noanswer", AgentStatus.NoAnswer, 0, "support"));
        d.AgentChanged(Agent("nodevice", AgentStatus.Ready, 0, "support") with { Device = null });
        d.TicketWaiting(Ticket("t1", "support", 0));
        Assert.Null(d.NextAssignment());
    }

    [Fact]
    public void A_ticket_that_left_while_offered_frees_its_agent()
    {
        var d = new Distributor();
        d.AgentChanged(Agent("a1", AgentStatus.Ready, 0, "support"));
        d.TicketWaiting(Ticket("t1", "support", 0));
        Assert.NotNull(d.NextAssignment());
        d.TicketGone("t1");
        d.TicketWaiting(Ticket("t2", "support", 1));
        Assert.Equal("t2", d.NextAssignment()!.Ticket.Id);
    }
}

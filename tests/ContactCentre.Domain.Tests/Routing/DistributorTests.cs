using ContactCentre.Domain.Agents;
using ContactCentre.Domain.Queues;
using ContactCentre.Domain.Routing;

namespace ContactCentre.Domain.Tests.Routing;

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

    [Fact]
    public void A_free_agent_serves_its_higher_priority_queue_first_even_when_the_other_has_older_tickets()
    {
        var d = new Distributor();
        d.TicketWaiting(Ticket("old-support", "support", 0));
        d.TicketWaiting(Ticket("new-sales", "sales", 5));
        d.AgentChanged(Agent("a1", AgentStatus.Ready, 0, "support", "sales") with
        {
            QueuePriorities = new Dictionary<string, int> { ["sales"] = 2, ["support"] = 1 },
        });
        Assert.Equal("new-sales", d.NextAssignment()!.Ticket.Id);
    }

    [Fact]
    public void A_report_with_new_queue_priorities_reorders_the_agents_queues_and_an_equal_copy_keeps_them()
    {
        var d = new Distributor();
        d.TicketWaiting(Ticket("old-support", "support", 0));
        d.TicketWaiting(Ticket("new-sales", "sales", 5));
        var paused = Agent("a1", AgentStatus.Paused, 0, "support", "sales") with { QueuePriorities = new Dictionary<string, int> { ["sales"] = 2 } };
        d.AgentChanged(paused);
        // A copy with equal content (as a report from another node would be) and then one that favours support.
        d.AgentChanged(paused with { Queues = new HashSet<string> { "sales", "support" }, QueuePriorities = new Dictionary<string, int> { ["sales"] = 2 } });
        d.AgentChanged(paused with { Queues = new HashSet<string> { "sales", "support" }, QueuePriorities = new Dictionary<string, int> { ["support"] = 2 }, Status = AgentStatus.Ready });
        Assert.Equal("old-support", d.NextAssignment()!.Ticket.Id);

        var other = new Distributor();
        other.TicketWaiting(Ticket("old-support", "support", 0));
        other.TicketWaiting(Ticket("new-sales", "sales", 5));
        other.AgentChanged(paused);
        other.AgentChanged(paused with { Queues = new HashSet<string> { "sales", "support" }, QueuePriorities = new Dictionary<string, int> { ["sales"] = 2 }, Status = AgentStatus.Ready });
        Assert.Equal("new-sales", other.NextAssignment()!.Ticket.Id);
    }

    [Fact]
    public void Among_queues_of_equal_priority_the_first_ticket_in_queue_order_goes_first()
    {
        var d = new Distributor();
        d.TicketWaiting(Ticket("sales-late", "sales", 5));
        d.TicketWaiting(Ticket("support-early", "support", 1));
        d.AgentChanged(Agent("a1", AgentStatus.Ready, 0, "support", "sales"));
        Assert.Equal("support-early", d.NextAssignment()!.Ticket.Id);
    }

    [Fact]
    public void A_new_ticket_goes_to_the_agent_who_gives_its_queue_the_highest_priority_before_the_longest_idle()
    {
        var d = new Distributor();
        d.AgentChanged(Agent("backup", AgentStatus.Ready, 0, "support"));
        d.AgentChanged(Agent("primary", AgentStatus.Ready, 9, "support") with { QueuePriorities = new Dictionary<string, int> { ["support"] = 1 } });
        Assert.Null(d.NextAssignment());
        d.TicketWaiting(Ticket("t1", "support", 10));
        Assert.Equal("primary", d.NextAssignment()!.Agent.AgentId);
    }

    [Fact]
    public void A_ticket_that_needs_skills_goes_only_to_agents_who_have_them_the_higher_level_sum_first()
    {
        var d = new Distributor();
        d.AgentChanged(Agent("none", AgentStatus.Ready, 0, "support"));
        d.AgentChanged(Agent("finnish1", AgentStatus.Ready, 1, "support") with { Skills = new Dictionary<string, int> { ["finnish"] = 1, ["billing"] = 1 } });
        d.AgentChanged(Agent("finnish3", AgentStatus.Ready, 2, "support") with { Skills = new Dictionary<string, int> { ["finnish"] = 3, ["billing"] = 1 } });
        d.AgentChanged(Agent("half", AgentStatus.Ready, 0, "support") with { Skills = new Dictionary<string, int> { ["finnish"] = 5 } });
        Assert.Null(d.NextAssignment());
        d.TicketWaiting(Ticket("t1", "support", 10), new HashSet<string> { "finnish", "billing" });
        Assert.Equal("finnish3", d.NextAssignment()!.Agent.AgentId);
        d.TicketWaiting(Ticket("t2", "support", 11), new HashSet<string> { "finnish", "billing" });
        Assert.Equal("finnish1", d.NextAssignment()!.Agent.AgentId);
        d.TicketWaiting(Ticket("t3", "support", 12), new HashSet<string> { "finnish", "billing" });
        Assert.Null(d.NextAssignment());
        // A ticket with no skills needed goes to the longest idle.
        d.TicketWaiting(Ticket("t4", "support", 13));
        Assert.Equal("half", d.NextAssignment()!.Agent.AgentId);
    }

    [Fact]
    public void A_free_agent_skips_tickets_it_lacks_the_skills_for()
    {
        var d = new Distributor();
        d.TicketWaiting(Ticket("swedish", "support", 0), new HashSet<string> { "swedish" });
        d.TicketWaiting(Ticket("plain", "support", 1));
        d.AgentChanged(Agent("a1", AgentStatus.Ready, 0, "support"));
        Assert.Equal("plain", d.NextAssignment()!.Ticket.Id);
        Assert.Equal(["swedish"], d.Waiting.Select(t => t.Id));
    }

    [Fact]
    public void A_timed_out_offer_goes_to_the_next_agent_and_a_late_failure_report_of_the_first_is_ignored()
    {
        var d = new Distributor();
        d.AgentChanged(Agent("a1", AgentStatus.Ready, 0, "support"));
        d.AgentChanged(Agent("a2", AgentStatus.Ready, 1, "support"));
        d.TicketWaiting(Ticket("t1", "support", 0));
        Assert.Equal("a1", d.NextAssignment()!.Agent.AgentId);
        Assert.True(d.OfferFailed("t1", "a1"));
        Assert.Equal(AgentStatus.NoAnswer, d.Agent("a1")!.Status);
        Assert.Equal("a2", d.NextAssignment()!.Agent.AgentId);
        Assert.False(d.OfferFailed("t1", "a1"));
        Assert.Equal("a2", d.OfferOf("t1")!.Agent.AgentId);
    }

    [Fact]
    public void An_agent_who_logs_out_during_an_offer_ends_it_and_the_ticket_goes_to_the_next_agent()
    {
        var d = new Distributor();
        d.AgentChanged(Agent("a1", AgentStatus.Ready, 0, "support"));
        d.TicketWaiting(Ticket("t1", "support", 0));
        Assert.NotNull(d.NextAssignment());
        d.AgentChanged(Agent("a1", AgentStatus.Connecting, 1, "support"));
        Assert.NotNull(d.OfferOf("t1"));
        var ended = d.AgentChanged(Agent("a1", AgentStatus.LoggedOut, 2, "support"));
        Assert.Equal("t1", ended!.Ticket.Id);
        d.AgentChanged(Agent("a2", AgentStatus.Ready, 3, "support"));
        Assert.Equal(("t1", "a2"), (d.NextAssignment()!.Ticket.Id, d.OfferOf("t1")!.Agent.AgentId));
    }

    [Fact]
    public void A_phone_answered_as_its_offer_timed_out_wins_and_the_next_agents_offer_ends()
    {
        var d = new Distributor();
        d.AgentChanged(Agent("a1", AgentStatus.Ready, 0, "support"));
        d.AgentChanged(Agent("a2", AgentStatus.Ready, 1, "support"));
        d.TicketWaiting(Ticket("t1", "support", 0));
        d.NextAssignment();
        d.OfferFailed("t1", "a1");
        Assert.Equal("a2", d.NextAssignment()!.Agent.AgentId);
        var ended = d.OfferAnswered("t1", "a1");
        Assert.Equal("a2", ended!.Agent.AgentId);
        Assert.Empty(d.Offers);
        Assert.Empty(d.Waiting);
        Assert.Equal(AgentStatus.Connected, d.Agent("a1")!.Status);
        d.TicketWaiting(Ticket("t2", "support", 1));
        Assert.Equal("a2", d.NextAssignment()!.Agent.AgentId);
    }

    [Fact]
    public void An_answered_agent_gets_no_new_offer_until_it_reports_itself_ready()
    {
        var d = new Distributor();
        d.AgentChanged(Agent("a1", AgentStatus.Ready, 0, "support"));
        d.TicketWaiting(Ticket("t1", "support", 0));
        d.NextAssignment();
        d.OfferAnswered("t1");
        d.TicketWaiting(Ticket("t2", "support", 1));
        Assert.Null(d.NextAssignment());
        d.AgentChanged(Agent("a1", AgentStatus.Ready, 5, "support"));
        Assert.Equal("t2", d.NextAssignment()!.Ticket.Id);
    }

    [Fact]
    public void An_agent_that_refuses_an_offer_it_crossed_is_as_it_says_and_the_ticket_waits_again()
    {
        var d = new Distributor();
        d.AgentChanged(Agent("a1", AgentStatus.Ready, 0, "support"));
        d.TicketWaiting(Ticket("t1", "support", 0));
        d.NextAssignment();
        Assert.True(d.OfferRefused("t1", "a1", AgentStatus.Paused));
        Assert.Equal(AgentStatus.Paused, d.Agent("a1")!.Status);
        Assert.Equal(["t1"], d.Waiting.Select(t => t.Id));
        Assert.Null(d.NextAssignment());
    }
}

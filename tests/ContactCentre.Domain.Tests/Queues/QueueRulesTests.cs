using ContactCentre.Domain.Agents;
using ContactCentre.Domain.Flows;
using ContactCentre.Domain.Queues;
using ContactCentre.Domain.Routing;

namespace ContactCentre.Domain.Tests.Queues;

[Trait("Category", "Unit")]
public sealed class QueueRulesTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 27, 9, 0, 0, TimeSpan.Zero);

    private static Ticket Call(string id, int secondsAfterT0, int priority = 0) => new(id, "support", priority, T0.AddSeconds(secondsAfterT0), "+358401111111");

    private static QueueState Waiting(params Ticket[] tickets) =>
        tickets.Aggregate(QueueState.Empty("support"), (s, t) => s.Apply(new TicketQueued(t)));

    [Fact]
    public void Higher_priority_goes_first_then_earlier_entry_whatever_the_kind()
    {
        var callback = Call("callback", 1) with { Kind = TicketKind.Callback };
        var state = Waiting(Call("late", 5), callback, Call("urgent", 9, priority: 2), Call("early", 2));
        Assert.Equal(["urgent", "callback", "early", "late"], state.Waiting.Select(t => t.Id));
    }

    [Fact]
    public void A_ticket_queued_again_while_waiting_keeps_its_first_place()
    {
        var state = Waiting(Call("a", 1), Call("b", 2));
        state = state.Apply(new TicketQueued(Call("a", 60)));
        Assert.Equal(["a", "b"], state.Waiting.Select(t => t.Id));
        Assert.Equal(T0.AddSeconds(1), state.Waiting[0].EnteredAt);
    }

    [Fact]
    public void A_ticket_whose_offer_failed_is_served_again_before_later_entries()
    {
        var distributor = new Distributor();
        var agent = new AgentPresence("agent1", new HashSet<string> { "support" }, AgentStatus.Ready, T0, new AgentDevice("sip:agent1@127.0.0.1"));
        distributor.AgentChanged(agent);
        distributor.TicketWaiting(Call("a", 1));
        Assert.Equal("a", distributor.NextAssignment()!.Ticket.Id);
        distributor.TicketWaiting(Call("b", 2));
        distributor.OfferFailed("a");
        Assert.Equal(["a", "b"], distributor.Waiting.Select(t => t.Id));
    }

    [Fact]
    public void A_call_transferred_into_another_queue_enters_at_the_back_of_its_priority()
    {
        var there = Waiting(Call("x", 30), Call("vip", 40, priority: 1));
        var moved = Call("moved", 0).TransferredInto("support", 0, T0.AddSeconds(50));
        there = there.Apply(new TicketQueued(moved));
        Assert.Equal(["vip", "x", "moved"], there.Waiting.Select(t => t.Id));
        Assert.Equal(T0.AddSeconds(50), moved.EnteredAt);
    }

    [Fact]
    public void A_full_queue_refuses_with_the_full_exit()
    {
        var settings = new QueueSettings { MaxWaiting = 2 };
        var one = Waiting(Call("a", 1));
        Assert.Null(QueueRules.Admit(one, settings, null, Call("b", 2), T0));
        var refused = QueueRules.Admit(Waiting(Call("a", 1), Call("b", 2)), settings, null, Call("c", 3), T0.AddSeconds(3));
        Assert.Equal(QueueRefusal.Full, refused!.Exit);
        Assert.Contains("full (2 waiting)", refused.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_ticket_that_waited_the_maximum_leaves_with_the_overflow_exit_and_the_others_stay()
    {
        var settings = new QueueSettings { MaxWait = TimeSpan.FromMinutes(5) };
        var state = Waiting(Call("a", 0), Call("b", 100));
        Assert.Empty(QueueRules.Due(state, settings, null, T0.AddSeconds(299)));
        var due = Assert.Single(QueueRules.Due(state, settings, null, T0.AddSeconds(300)));
        Assert.Equal(("a", QueueRefusal.Overflow, TicketOutcome.MaxWaitExceeded), (due.Ticket.Id, due.Exit, due.Outcome));
        Assert.Equal(T0.AddSeconds(300), QueueRules.NextMaxWaitAt(state, settings));
        Assert.Null(QueueRules.NextMaxWaitAt(state, QueueSettings.Default));
    }

    [Theory]
    [InlineData(NoAgentsRule.Full, QueueRefusal.Full)]
    [InlineData(NoAgentsRule.Overflow, QueueRefusal.Overflow)]
    public void With_no_agent_logged_in_a_queue_set_to_an_exit_refuses_new_callers_and_sends_waiting_ones_out(NoAgentsRule rule, QueueRefusal exit)
    {
        var settings = new QueueSettings { WhenNoAgents = rule };
        var state = Waiting(Call("a", 0));
        Assert.Equal(exit, QueueRules.Admit(state, settings, new AgentCount(0, 0), Call("b", 1), T0)!.Exit);
        var due = Assert.Single(QueueRules.Due(state, settings, new AgentCount(0, 0), T0));
        Assert.Equal((exit, TicketOutcome.NoAgents), (due.Exit, due.Outcome));

        Assert.Null(QueueRules.Admit(state, settings, new AgentCount(1, 0), Call("b", 1), T0));
        Assert.Empty(QueueRules.Due(state, settings, new AgentCount(1, 0), T0));
    }

    [Fact]
    public void With_no_agent_logged_in_a_queue_set_to_stay_keeps_callers_and_an_unknown_agent_count_never_sends_them_out()
    {
        var state = Waiting(Call("a", 0));
        Assert.Null(QueueRules.Admit(state, QueueSettings.Default, new AgentCount(0, 0), Call("b", 1), T0));
        Assert.Empty(QueueRules.Due(state, QueueSettings.Default, new AgentCount(0, 0), T0.AddHours(1)));
        Assert.Null(QueueRules.Admit(state, new QueueSettings { WhenNoAgents = NoAgentsRule.Overflow }, null, Call("b", 1), T0));
    }

    [Fact]
    public void Agents_count_for_a_queue_when_logged_in_to_it_and_as_ready_only_when_ready()
    {
        AgentPresence Agent(string id, AgentStatus status, params string[] queues) => new(id, queues.ToHashSet(), status, T0, null);
        var count = AgentCount.Of("support", [
            Agent("a", AgentStatus.Ready, "support"), Agent("b", AgentStatus.Connected, "support", "sales"),
            Agent("c", AgentStatus.LoggedOut, "support"), Agent("d", AgentStatus.Ready, "sales"), Agent("e", AgentStatus.NoAnswer, "support")]);
        Assert.Equal(new AgentCount(3, 1), count);
    }
}

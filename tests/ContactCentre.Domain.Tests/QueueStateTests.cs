using ContactCentre.Domain.Queues;

namespace ContactCentre.Domain.Tests;

[Trait("Category", "Unit")]
public sealed class QueueStateTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 27, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Tickets_wait_in_priority_then_entry_order_and_leave_when_closed()
    {
        var state = QueueState.Empty("support")
            .Apply(new TicketQueued(new Ticket("b", "support", 0, T0.AddSeconds(2), "x")))
            .Apply(new TicketQueued(new Ticket("a", "support", 0, T0.AddSeconds(1), "x")))
            .Apply(new TicketQueued(new Ticket("c", "support", 1, T0.AddSeconds(3), "x")));
        Assert.Equal(["c", "a", "b"], state.Waiting.Select(t => t.Id));

        state = state.Apply(new TicketClosed("a", TicketOutcome.Answered, T0.AddSeconds(9), "answered"));
        Assert.Equal(["c", "b"], state.Waiting.Select(t => t.Id));
    }

    [Fact]
    public void After_a_restart_every_waiting_ticket_is_closed_as_lost()
    {
        var state = QueueState.Empty("support").Apply(new TicketQueued(new Ticket("a", "support", 0, T0, "x")));
        var lost = state.CloseLostAfterRestart(T0.AddMinutes(1));
        var closed = Assert.IsType<TicketClosed>(Assert.Single(lost));
        Assert.Equal(TicketOutcome.Lost, closed.Outcome);
        Assert.Empty(lost.Aggregate(state, (s, e) => s.Apply(e)).Waiting);
    }
}

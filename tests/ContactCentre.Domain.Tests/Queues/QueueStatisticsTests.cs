using ContactCentre.Domain.Flows;
using ContactCentre.Domain.Queues;

namespace ContactCentre.Domain.Tests.Queues;

[Trait("Category", "Unit")]
public sealed class QueueStatisticsTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 27, 9, 0, 0, TimeSpan.Zero);

    private static QueueState Run(params (string Id, int EnteredAt, TicketOutcome Outcome, int ClosedAt)[] tickets)
    {
        var state = QueueState.Empty("support", new QueueSettings { ServiceLevelThreshold = TimeSpan.FromSeconds(20) });
        foreach (var t in tickets)
            state = state.Apply(new TicketQueued(new Ticket(t.Id, "support", 0, T0.AddSeconds(t.EnteredAt), "x")));
        foreach (var t in tickets.OrderBy(t => t.ClosedAt))
            state = state.Apply(new TicketClosed(t.Id, t.Outcome, T0.AddSeconds(t.ClosedAt), "test"));
        return state;
    }

    [Fact]
    public void Service_level_is_answered_within_the_threshold_over_answered()
    {
        var stats = Run(("a", 0, TicketOutcome.Answered, 10), ("b", 0, TicketOutcome.Answered, 20), ("c", 0, TicketOutcome.Answered, 21),
            ("d", 0, TicketOutcome.Answered, 90)).Statistics;
        Assert.Equal((4, 2), (stats.Answered, stats.AnsweredWithinThreshold));
        Assert.Equal(0.5, stats.ServiceLevel);
        Assert.Equal(TimeSpan.FromSeconds((10 + 20 + 21 + 90) / 4.0), stats.AverageSpeedOfAnswer);
    }

    [Fact]
    public void Short_abandons_leave_the_denominator_of_the_variant_and_long_ones_count_as_misses()
    {
        var stats = Run(("a", 0, TicketOutcome.Answered, 10), ("b", 0, TicketOutcome.Answered, 60),
            ("short", 0, TicketOutcome.Abandoned, 5), ("long", 0, TicketOutcome.Abandoned, 45)).Statistics;
        Assert.Equal((2, 1), (stats.Abandoned, stats.AbandonedWithinThreshold));
        Assert.Equal(0.5, stats.ServiceLevel);
        Assert.Equal(1.0 / 3, stats.ServiceLevelExcludingShortAbandons);
    }

    [Fact]
    public void Exits_refusals_and_lost_tickets_count_apart_from_the_service_level()
    {
        var state = Run(("a", 0, TicketOutcome.Answered, 10), ("over", 0, TicketOutcome.MaxWaitExceeded, 300), ("lost", 0, TicketOutcome.Lost, 30));
        state = state.Apply(new TicketRefused(new Ticket("full", "support", 0, T0, "x"), QueueRefusal.Full, T0, "full"));
        var stats = state.Statistics;
        Assert.Equal((3, 1, 1, 1, 1), (stats.Entered, stats.Answered, stats.Overflowed, stats.Lost, stats.Refused));
        Assert.Equal(1.0, stats.ServiceLevel);
        Assert.Equal(1.0, stats.ServiceLevelExcludingShortAbandons);
    }

    [Fact]
    public void Consultation_tickets_are_internal_and_count_in_none_of_the_callers_statistics_nor_the_average_ewt()
    {
        var state = Run(("a", 0, TicketOutcome.Answered, 10));
        var ewt = state.AverageEwt;
        Ticket Consultation(string id) => new Ticket(id, "support", 0, T0, "x") { Kind = TicketKind.Consultation };
        state = state
            .Apply(new TicketQueued(Consultation("c1")))
            .Apply(new TicketQueued(Consultation("c2")));
        // While they wait they hold a place like any ticket (an agent will take them).
        Assert.Equal(2, state.Waiting.Count);
        state = state
            .Apply(new TicketClosed("c1", TicketOutcome.Answered, T0.AddSeconds(90), "consultation answered by agent2"))
            .Apply(new TicketClosed("c2", TicketOutcome.Abandoned, T0.AddSeconds(5), "consultation cancelled"))
            .Apply(new TicketRefused(Consultation("c3"), QueueRefusal.Full, T0, "full"));
        var stats = state.Statistics;
        Assert.Empty(state.Waiting);
        Assert.Equal((1, 1, 1, 0, 0, 0), (stats.Entered, stats.Answered, stats.AnsweredWithinThreshold, stats.Abandoned, stats.AbandonedWithinThreshold, stats.Refused));
        Assert.Equal(1.0, stats.ServiceLevel);
        Assert.Equal(TimeSpan.FromSeconds(10), stats.AverageSpeedOfAnswer);
        Assert.Equal(ewt, state.AverageEwt);
    }

    [Fact]
    public void Before_any_answer_there_is_no_service_level_and_waiting_and_longest_wait_come_from_the_waiting_tickets()
    {
        var state = QueueState.Empty("support")
            .Apply(new TicketQueued(new Ticket("a", "support", 0, T0.AddSeconds(5), "x")))
            .Apply(new TicketQueued(new Ticket("vip", "support", 1, T0.AddSeconds(30), "x")));
        Assert.Null(state.Statistics.ServiceLevel);
        Assert.Null(state.Statistics.ServiceLevelExcludingShortAbandons);
        Assert.Equal(2, state.Waiting.Count);
        Assert.Equal(TimeSpan.FromSeconds(55), state.LongestWait(T0.AddMinutes(1)));
        Assert.Equal(TimeSpan.Zero, QueueState.Empty("x").LongestWait(T0));
    }
}

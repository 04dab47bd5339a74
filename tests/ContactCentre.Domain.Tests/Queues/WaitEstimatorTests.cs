using ContactCentre.Domain.Queues;

namespace ContactCentre.Domain.Tests.Queues;

[Trait("Category", "Unit")]
public sealed class WaitEstimatorTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 27, 9, 0, 0, TimeSpan.Zero);
    private static readonly QueueSettings ErlangSettings = new() { EwtMethod = EwtMethod.ErlangC };
    private static readonly QueueSettings AverageSettings = new() { EwtMethod = EwtMethod.Average };

    private static QueueState Answer(QueueState state, string id, int waitSeconds)
    {
        var ticket = new Ticket(id, "support", 0, T0, "x");
        return state.Apply(new TicketQueued(ticket)).Apply(new TicketClosed(id, TicketOutcome.Answered, T0.AddSeconds(waitSeconds), "answered"));
    }

    private static QueueState WithHandleTimes(QueueState state, params int[] seconds) =>
        seconds.Aggregate(state, (s, h) => s.Apply(new TicketHandled("h", TimeSpan.FromSeconds(h), T0)));

    private static QueueState WithWaiting(QueueState state, int count) =>
        Enumerable.Range(1, count).Aggregate(state, (s, i) => s.Apply(new TicketQueued(new Ticket($"w{i}", "support", 0, T0.AddSeconds(i), "x"))));

    [Fact]
    public void The_average_method_halves_towards_each_answered_wait()
    {
        var state = QueueState.Empty("support");
        Assert.Equal(TimeSpan.Zero, state.AverageEwt);
        state = Answer(state, "a", 60);
        Assert.Equal(TimeSpan.FromSeconds(30), state.AverageEwt);
        state = Answer(state, "b", 90);
        Assert.Equal(TimeSpan.FromSeconds(60), state.AverageEwt);
        state = state.Apply(new TicketQueued(new Ticket("gone", "support", 0, T0, "x")))
            .Apply(new TicketClosed("gone", TicketOutcome.Abandoned, T0.AddSeconds(500), "caller hung up"));
        Assert.Equal(TimeSpan.FromSeconds(60), state.AverageEwt);
    }

    [Fact]
    public void The_average_method_tells_a_waiting_ticket_the_ewt_less_what_it_has_waited()
    {
        var state = WithWaiting(Answer(Answer(QueueState.Empty("support"), "a", 60), "b", 90), 2);
        var estimates = WaitEstimator.ForWaiting(state, AverageSettings, new AgentCount(2, 0), T0.AddSeconds(41));
        Assert.Equal([(1, 20.0), (2, 21.0)], estimates.Select(e => (e.Position, e.Ewt.TotalSeconds)));
        Assert.All(estimates, e => Assert.Equal(EwtMethod.Average, e.Method));
        Assert.Equal(TimeSpan.Zero, WaitEstimator.For("w1", state, AverageSettings, null, T0.AddMinutes(5))!.Ewt);
    }

    [Fact]
    public void The_erlang_method_gives_position_k_the_wait_for_k_departures_of_n_busy_agents()
    {
        // h = 300 s, N = 3 busy agents: one frees up every 100 s on average.
        var state = WithWaiting(WithHandleTimes(QueueState.Empty("support"), 200, 400, 300, 250, 350), 4);
        var estimates = WaitEstimator.ForWaiting(state, ErlangSettings, new AgentCount(3, 0), T0.AddSeconds(30));
        Assert.Equal([100.0, 200.0, 300.0, 400.0], estimates.Select(e => e.Ewt.TotalSeconds));
        Assert.All(estimates, e => Assert.Equal(EwtMethod.ErlangC, e.Method));
        Assert.Equal((5, 500.0), (WaitEstimator.ForNewTicket(state, ErlangSettings, new AgentCount(3, 0)).Position,
            WaitEstimator.ForNewTicket(state, ErlangSettings, new AgentCount(3, 0)).Ewt.TotalSeconds));

        // One agent ready (an offer is ringing): the first ticket needs no departure.
        var withReady = WaitEstimator.ForWaiting(state, ErlangSettings, new AgentCount(3, 1), T0.AddSeconds(30));
        Assert.Equal([0.0, 100.0, 200.0, 300.0], withReady.Select(e => e.Ewt.TotalSeconds));
    }

    [Fact]
    public void The_erlang_method_averages_only_the_last_twenty_handle_times()
    {
        var state = WithHandleTimes(QueueState.Empty("support"), Enumerable.Repeat(1000, 10).Concat(Enumerable.Repeat(100, 20)).ToArray());
        Assert.Equal(QueueState.HandleTimeWindow, state.RecentHandleTimes.Count);
        Assert.Equal(TimeSpan.FromSeconds(100), WaitEstimator.ForNewTicket(state, ErlangSettings, new AgentCount(1, 0)).Ewt);
    }

    [Fact]
    public void The_queue_falls_back_to_the_average_method_with_too_few_handle_times_or_no_known_agents()
    {
        var few = WithWaiting(WithHandleTimes(Answer(QueueState.Empty("support"), "a", 80), 300, 300, 300, 300), 1);
        Assert.Equal(EwtMethod.Average, WaitEstimator.MethodFor(few, ErlangSettings, new AgentCount(2, 0)));
        Assert.Equal(TimeSpan.FromSeconds(40), WaitEstimator.ForNewTicket(few, ErlangSettings, new AgentCount(2, 0)).Ewt);

        var enough = WithHandleTimes(few, 300);
        Assert.Equal(EwtMethod.ErlangC, WaitEstimator.MethodFor(enough, ErlangSettings, new AgentCount(2, 0)));
        Assert.Equal(EwtMethod.Average, WaitEstimator.MethodFor(enough, ErlangSettings, new AgentCount(0, 0)));
        Assert.Equal(EwtMethod.Average, WaitEstimator.MethodFor(enough, ErlangSettings, null));
        Assert.Equal(EwtMethod.Average, WaitEstimator.MethodFor(enough, AverageSettings, new AgentCount(2, 0)));
    }
}

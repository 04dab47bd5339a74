using ContactCentre.Domain.Agents;

namespace ContactCentre.Domain.Tests.Agents;

[Trait("Category", "Unit")]
public sealed class AgentStateTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 27, 9, 0, 0, TimeSpan.Zero);
    private static readonly AgentDevice Phone = new("sip:agent1@127.0.0.1:5070");
    private static readonly AgentRules Rules = new(["Lunch", "Training"], new Dictionary<string, TimeSpan> { ["support"] = TimeSpan.FromSeconds(30) });

    private static AgentState New() => AgentState.LoggedOutAgent("agent1", ["support", "sales"], T0);

    /// <summary>Applies a decision that must not be refused, and checks every event carries the time it was made at.</summary>
    private static AgentState Do(AgentState state, Func<AgentState, AgentDecision> command, DateTimeOffset at)
    {
        var decision = command(state);
        Assert.Null(decision.Refusal);
        Assert.All(decision.Events, e => Assert.Equal(at, e.At));
        return decision.Events.Aggregate(state, (s, e) => s.Apply(e));
    }

    private static AgentState ReadyAgent() => Do(New(), s => s.Login(Phone, null, T0), T0);

    private static AgentState Ringing(AgentState s, string ticket = "t1", string queue = "support") =>
        Do(s, x => x.Offer(ticket, queue, T0.AddSeconds(1)), T0.AddSeconds(1));

    [Fact]
    public void Login_without_queues_serves_all_the_agents_queues_and_makes_it_ready()
    {
        var s = ReadyAgent();
        Assert.Equal((AgentStatus.Ready, T0), (s.Status, s.Since));
        Assert.Equal(["support", "sales"], s.Queues);
        Assert.Equal(Phone, s.Device);
    }

    [Fact]
    public void Login_to_chosen_queues_and_a_queue_the_agent_does_not_serve_is_refused_by_name()
    {
        Assert.Equal(["sales"], Do(New(), s => s.Login(Phone, ["sales"], T0), T0).Queues);
        var refused = New().Login(Phone, ["support", "billing"], T0);
        Assert.Equal("login: agent 'agent1' does not serve queue 'billing' (serves: support, sales)", refused.Refusal);
        Assert.Empty(refused.Events);
    }

    [Fact]
    public void A_softphone_login_is_a_device_like_any_other()
    {
        var s = Do(New(), x => x.Login(AgentDevice.Softphone("agent1"), null, T0), T0);
        Assert.True(s.Device!.IsSoftphone);
        Assert.Equal(AgentStatus.Ready, s.Status);
    }

    [Fact]
    public void An_offer_rings_a_ready_agent_only()
    {
        var ringing = Ringing(ReadyAgent());
        Assert.Equal((AgentStatus.Connecting, "t1", "support"), (ringing.Status, ringing.TicketId, ringing.Queue));
        Assert.Equal("agent 'agent1' is Connecting", ringing.Offer("t2", "support", T0).Refusal);
        var paused = Do(ReadyAgent(), s => s.Pause("Lunch", Rules, T0), T0);
        Assert.Equal("agent 'agent1' is Paused", paused.Offer("t1", "support", T0).Refusal);
        Assert.Equal("agent 'agent1' is not logged in to queue 'sales'",
            Do(New(), s => s.Login(Phone, ["support"], T0), T0).Offer("t1", "sales", T0).Refusal);
    }

    [Fact]
    public void An_offer_that_times_out_makes_the_agent_no_answer_until_it_is_ready_again()
    {
        var at = T0.AddSeconds(21);
        var s = Do(Ringing(ReadyAgent()), x => x.Missed("t1", OfferOutcome.NoAnswer, "no answer in 20 s", Rules, at), at);
        Assert.Equal((AgentStatus.NoAnswer, at, 1), (s.Status, s.Since, s.NoAnswers));
        s = Do(s, x => x.Ready(at.AddMinutes(1)), at.AddMinutes(1));
        Assert.Equal(AgentStatus.Ready, s.Status);
    }

    [Fact]
    public void A_rejected_offer_also_makes_the_agent_no_answer()
    {
        var s = Do(Ringing(ReadyAgent()), x => x.Missed("t1", OfferOutcome.Rejected, "rejected", Rules, T0), T0);
        Assert.Equal(AgentStatus.NoAnswer, s.Status);
    }

    [Fact]
    public void A_withdrawn_offer_is_not_the_agents_fault_and_it_is_ready_again()
    {
        var s = Do(Ringing(ReadyAgent()), x => x.Missed("t1", OfferOutcome.Withdrawn, "caller hung up", Rules, T0), T0);
        Assert.Equal((AgentStatus.Ready, 0), (s.Status, s.NoAnswers));
    }

    [Fact]
    public void A_miss_for_another_ticket_changes_nothing()
    {
        Assert.Empty(Ringing(ReadyAgent()).Missed("t9", OfferOutcome.NoAnswer, "late", Rules, T0).Events);
    }

    [Fact]
    public void Consecutive_no_answers_pause_the_agent_when_configured()
    {
        var rules = Rules with { AutoPauseAfterNoAnswers = 2 };
        var s = ReadyAgent();
        s = Do(Ringing(s, "t1"), x => x.Missed("t1", OfferOutcome.NoAnswer, "no answer", rules, T0), T0);
        s = Do(s, x => x.Ready(T0), T0);
        s = Do(Ringing(s, "t2"), x => x.Missed("t2", OfferOutcome.NoAnswer, "no answer", rules, T0), T0);
        Assert.Equal((AgentStatus.Paused, AgentRules.AutoPauseReason), (s.Status, s.PauseReason));
    }

    [Fact]
    public void Without_an_auto_pause_setting_no_answers_never_pause()
    {
        var s = ReadyAgent();
        for (var i = 0; i < 10; i++)
        {
            var ticket = $"t{i}";
            s = Do(Ringing(s, ticket), x => x.Missed(ticket, OfferOutcome.NoAnswer, "no answer", Rules, T0), T0);
            s = Do(s, x => x.Ready(T0), T0);
        }
        Assert.Equal(AgentStatus.Ready, s.Status);
    }

    [Fact]
    public void An_answered_call_resets_the_no_answer_count()
    {
        var rules = Rules with { AutoPauseAfterNoAnswers = 2 };
        var s = Do(Ringing(ReadyAgent(), "t1"), x => x.Missed("t1", OfferOutcome.NoAnswer, "no answer", rules, T0), T0);
        s = Do(Do(s, x => x.Ready(T0), T0), x => x.Offer("t2", "sales", T0), T0);
        s = Do(s, x => x.Answered("t2", T0), T0);
        Assert.Equal(0, s.NoAnswers);
        s = Do(s, x => x.CallEnded("t2", rules, T0), T0);
        s = Do(Ringing(s, "t3"), x => x.Missed("t3", OfferOutcome.NoAnswer, "no answer", rules, T0), T0);
        Assert.Equal(AgentStatus.NoAnswer, s.Status);
    }

    [Fact]
    public void Five_consecutive_offer_errors_log_the_agent_off_by_default()
    {
        var s = ReadyAgent();
        for (var i = 1; i < 5; i++)
        {
            var ticket = $"t{i}";
            s = Do(Ringing(s, ticket), x => x.Missed(ticket, OfferOutcome.Error, "the agent's browser is closed", Rules, T0), T0);
            Assert.Equal(AgentStatus.NoAnswer, s.Status);
            s = Do(s, x => x.Ready(T0), T0);
        }
        var fifth = Ringing(s, "t5").Missed("t5", OfferOutcome.Error, "503 Service Unavailable", Rules, T0);
        var loggedOut = Assert.IsType<LoggedOut>(fifth.Events[^1]);
        Assert.Equal(("5 consecutive offers failed; last: 503 Service Unavailable", "system"), (loggedOut.Reason, loggedOut.By));
        Assert.Equal(AgentStatus.LoggedOut, fifth.Events.Aggregate(Ringing(s, "t5"), (a, e) => a.Apply(e)).Status);
    }

    [Fact]
    public void An_offer_that_is_not_an_error_breaks_the_run_of_errors()
    {
        var s = ReadyAgent();
        for (var i = 1; i <= 8; i++)
        {
            var ticket = $"t{i}";
            var outcome = i == 4 ? OfferOutcome.NoAnswer : OfferOutcome.Error;
            s = Do(Ringing(s, ticket), x => x.Missed(ticket, outcome, "failed", Rules, T0), T0);
            s = Do(s, x => x.Ready(T0), T0);
        }
        Assert.Equal((AgentStatus.Ready, 4), (s.Status, s.OfferErrors));
    }

    [Fact]
    public void A_call_ends_in_the_queues_wrap_up_which_its_time_or_the_agent_ends()
    {
        var s = Do(Ringing(ReadyAgent(), "t1", "support"), x => x.Answered("t1", T0), T0);
        Assert.Equal(AgentStatus.Connected, s.Status);
        var end = T0.AddMinutes(3);
        s = Do(s, x => x.CallEnded("t1", Rules, end), end);
        Assert.Equal((AgentStatus.WrapUp, end.AddSeconds(30)), (s.Status, s.WrapUpEnds));

        Assert.Empty(s.WrapUpExpired(end.AddSeconds(29)).Events);
        Assert.Equal(AgentStatus.Ready, Do(s, x => x.WrapUpExpired(end.AddSeconds(30)), end.AddSeconds(30)).Status);
        var early = Do(s, x => x.EndWrapUp(end.AddSeconds(5)), end.AddSeconds(5));
        Assert.Equal((AgentStatus.Ready, end.AddSeconds(5)), (early.Status, early.Since));
        Assert.Empty(early.WrapUpExpired(end.AddSeconds(30)).Events);
    }

    [Fact]
    public void A_queue_without_wrap_up_time_makes_the_agent_ready_when_the_call_ends()
    {
        var s = Do(Ringing(ReadyAgent(), "t1", "sales"), x => x.Answered("t1", T0), T0);
        s = Do(s, x => x.CallEnded("t1", Rules, T0.AddMinutes(1)), T0.AddMinutes(1));
        Assert.Equal(AgentStatus.Ready, s.Status);
        Assert.Equal("endWrapUp: agent 'agent1' is Ready, not in wrap-up", s.EndWrapUp(T0).Refusal);
    }

    [Fact]
    public void Pause_takes_a_configured_reason_and_an_unknown_one_is_refused_by_name()
    {
        var s = Do(ReadyAgent(), x => x.Pause("Lunch", Rules, T0), T0);
        Assert.Equal((AgentStatus.Paused, "Lunch"), (s.Status, s.PauseReason));
        Assert.Equal("pause: unknown reason 'Coffee'; configured reasons: Lunch, Training", ReadyAgent().Pause("Coffee", Rules, T0).Refusal);
        Assert.Equal("pause: unknown reason 'Lunch'; no pause reasons are configured", ReadyAgent().Pause("Lunch", AgentRules.Default, T0).Refusal);
        s = Do(s, x => x.Ready(T0.AddMinutes(30)), T0.AddMinutes(30));
        Assert.Equal((AgentStatus.Ready, null), (s.Status, s.PauseReason));
    }

    [Fact]
    public void Pause_is_refused_while_an_offer_rings_or_a_call_goes_on()
    {
        Assert.Equal("pause: agent 'agent1' is Connecting; end the call first", Ringing(ReadyAgent()).Pause("Lunch", Rules, T0).Refusal);
        Assert.Equal("pause: log in first", New().Pause("Lunch", Rules, T0).Refusal);
    }

    [Fact]
    public void Busy_on_an_outbound_call_and_ready_when_it_ends()
    {
        var s = Do(ReadyAgent(), x => x.StartBusy("out-1", "outbound call to +358401234567", T0), T0);
        Assert.Equal(AgentStatus.Busy, s.Status);
        Assert.Equal("agent 'agent1' is Busy", s.Offer("t1", "support", T0).Refusal);
        Assert.Equal(AgentStatus.Ready, Do(s, x => x.EndBusy("out-1", T0), T0).Status);
    }

    [Fact]
    public void An_outbound_call_during_a_pause_ends_back_in_the_pause_with_its_reason()
    {
        var paused = Do(ReadyAgent(), x => x.Pause("Lunch", Rules, T0), T0);
        var busy = Do(paused, x => x.StartBusy("out-1", "outbound call to +358401234567", T0.AddMinutes(1)), T0.AddMinutes(1));
        Assert.Null(busy.PauseReason);
        var after = Do(busy, x => x.EndBusy("out-1", T0.AddMinutes(3)), T0.AddMinutes(3));
        Assert.Equal((AgentStatus.Paused, "Lunch", T0.AddMinutes(3)), (after.Status, after.PauseReason, after.Since));
        Assert.Equal("agent 'agent1' is Paused", after.Offer("t1", "support", T0.AddMinutes(3)).Refusal);
        Assert.Equal(AgentStatus.Ready, Do(after, x => x.Ready(T0.AddMinutes(4)), T0.AddMinutes(4)).Status);
    }

    [Fact]
    public void An_outbound_call_during_wrap_up_ends_back_in_wrap_up_until_its_end_or_ready_when_it_passed()
    {
        var connected = Do(Ringing(ReadyAgent()), x => x.Answered("t1", T0.AddSeconds(2)), T0.AddSeconds(2));
        var wrapUp = Do(connected, x => x.CallEnded("t1", Rules, T0.AddSeconds(10)), T0.AddSeconds(10));
        var ends = T0.AddSeconds(40);
        Assert.Equal(ends, wrapUp.WrapUpEnds);
        var busy = Do(wrapUp, x => x.StartBusy("out-1", "outbound call", T0.AddSeconds(12)), T0.AddSeconds(12));
        Assert.Null(busy.WrapUpEnds);

        var back = Do(busy, x => x.EndBusy("out-1", T0.AddSeconds(20)), T0.AddSeconds(20));
        Assert.Equal((AgentStatus.WrapUp, ends, "support"), (back.Status, back.WrapUpEnds, back.Queue));
        Assert.Equal(TimeSpan.FromSeconds(20), back.WrapUpLeft(T0.AddSeconds(20)));
        Assert.Equal(AgentStatus.Ready, Do(back, x => x.WrapUpExpired(ends), ends).Status);

        var late = busy.EndBusy("out-1", ends);
        Assert.Equal("call ended", Assert.IsType<BecameReady>(Assert.Single(late.Events)).Why);
    }

    [Fact]
    public void An_outbound_call_after_no_answer_ends_back_in_no_answer()
    {
        var noAnswer = Do(Ringing(ReadyAgent()), x => x.Missed("t1", OfferOutcome.NoAnswer, "no answer", Rules, T0.AddSeconds(21)), T0.AddSeconds(21));
        var busy = Do(noAnswer, x => x.StartBusy("out-1", "outbound call", T0.AddSeconds(30)), T0.AddSeconds(30));
        var back = Do(busy, x => x.EndBusy("out-1", T0.AddSeconds(90)), T0.AddSeconds(90));
        Assert.Equal((AgentStatus.NoAnswer, 1), (back.Status, back.NoAnswers));
        Assert.Equal("agent 'agent1' is NoAnswer", back.Offer("t2", "support", T0.AddSeconds(90)).Refusal);
    }

    [Fact]
    public void The_state_before_busy_is_rebuilt_from_the_events_and_a_restart_keeps_the_pause()
    {
        var events = new List<AgentStateEvent>();
        var s = New();
        void Run(Func<AgentState, AgentDecision> command)
        {
            var d = command(s);
            Assert.Null(d.Refusal);
            events.AddRange(d.Events);
            s = d.Events.Aggregate(s, (x, e) => x.Apply(e));
        }
        Run(x => x.Login(Phone, null, T0));
        Run(x => x.Pause("Training", Rules, T0.AddMinutes(1)));
        Run(x => x.StartBusy("out-1", "outbound call", T0.AddMinutes(2)));

        var recovered = events.Aggregate(New(), (x, e) => x.Apply(e));
        Assert.Equal((AgentStatus.Busy, "out-1"), (recovered.Status, recovered.TicketId));
        Assert.Equal(new StateBeforeBusy(AgentStatus.Paused, "Training", null, null), recovered.BeforeBusy);
        Assert.Equal(s.BeforeBusy, recovered.BeforeBusy);
        var restarted = recovered.AfterRestart(T0.AddHours(1)).Events.Aggregate(recovered, (x, e) => x.Apply(e));
        Assert.Equal((AgentStatus.Paused, "Training"), (restarted.Status, restarted.PauseReason));
    }

    [Fact]
    public void The_agent_cannot_log_out_during_a_call_but_a_supervisor_can()
    {
        var s = Do(Ringing(ReadyAgent()), x => x.Answered("t1", T0), T0);
        Assert.Equal("logout: agent 'agent1' is Connected; end the call first", s.Logout("done", null, T0).Refusal);
        var bySupervisor = Do(s, x => x.Logout("end of shift", "supervisor1", T0), T0);
        Assert.Equal(AgentStatus.LoggedOut, bySupervisor.Status);
        var e = Assert.IsType<LoggedOut>(s.Logout("end of shift", "supervisor1", T0).Events.Single());
        Assert.Equal("supervisor1", e.By);
    }

    [Fact]
    public void Logging_out_while_an_offer_rings_is_allowed()
    {
        Assert.Equal(AgentStatus.LoggedOut, Do(Ringing(ReadyAgent()), x => x.Logout("leaving", null, T0), T0).Status);
    }

    [Fact]
    public void A_phone_answered_as_the_offer_timed_out_still_connects_the_agent()
    {
        var s = Do(Ringing(ReadyAgent()), x => x.Missed("t1", OfferOutcome.NoAnswer, "no answer", Rules, T0), T0);
        Assert.Equal(AgentStatus.Connected, Do(s, x => x.Answered("t1", T0), T0).Status);
        Assert.Empty(s.Answered("t2", T0).Events);
    }

    [Theory]
    [InlineData(AgentStatus.Connecting, AgentStatus.Ready)]
    [InlineData(AgentStatus.Connected, AgentStatus.Ready)]
    [InlineData(AgentStatus.WrapUp, AgentStatus.Ready)]
    [InlineData(AgentStatus.Busy, AgentStatus.Ready)]
    [InlineData(AgentStatus.Paused, AgentStatus.Paused)]
    [InlineData(AgentStatus.NoAnswer, AgentStatus.Ready)]
    [InlineData(AgentStatus.Ready, AgentStatus.Ready)]
    [InlineData(AgentStatus.LoggedOut, AgentStatus.LoggedOut)]
    public void After_a_restart_calls_are_gone_but_logins_and_pauses_are_kept(AgentStatus before, AgentStatus after)
    {
        var s = ReadyAgent() with { Status = before };
        var restarted = s.AfterRestart(T0.AddHours(1)).Events.Aggregate(s, (x, e) => x.Apply(e));
        Assert.Equal(after, restarted.Status);
    }
}

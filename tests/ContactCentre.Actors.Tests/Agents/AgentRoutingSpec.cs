using Akka.Actor;
using Akka.TestKit;
using Akka.TestKit.Xunit2;
using ContactCentre.Actors.Agents;
using ContactCentre.Actors.Routing;
using ContactCentre.Domain.Agents;
using ContactCentre.Domain.Configuration;
using ContactCentre.Domain.Queues;

namespace ContactCentre.Actors.Tests.Agents;

/// <summary>
/// The router and real agent actors on virtual time (Akka's TestScheduler): offer timeouts, wrap-up, automatic pause
/// and log-off, logout during an offer, and what a restart keeps. The call is a probe.
/// </summary>
[Trait("Category", "Unit")]
public sealed class AgentRoutingSpec : TestKit
{
    private static readonly AgentRules Rules = new(["Lunch", "Training"], new Dictionary<string, TimeSpan> { ["support"] = TimeSpan.FromSeconds(30) });

    private readonly TestScheduler _scheduler;
    private readonly SchedulerClock _clock;
    private readonly TestProbe _call;
    private int _tickets;

    public AgentRoutingSpec()
        : base("""
            akka.scheduler.implementation = "Akka.TestKit.TestScheduler, Akka.TestKit"
            akka.test.single-expect-default = 15s
            """)
    {
        _scheduler = (TestScheduler)Sys.Scheduler;
        _clock = new SchedulerClock(Sys.Scheduler);
        _call = CreateTestProbe();
    }

    private IActorRef Router() => Sys.ActorOf(Props.Create(() => new RouterActor(TimeSpan.FromSeconds(20))));

    private IActorRef Agent(string id, IActorRef router, AgentRules? rules = null, string? name = null, TimeProvider? time = null)
    {
        var definition = new AgentDefinition(id, id, ["support", "sales"]);
        var clock = time ?? _clock;
        var r = rules ?? Rules;
        return Sys.ActorOf(Props.Create(() => new AgentActor(definition, router, clock, r)), name ?? id);
    }

    /// <summary>Logs the agent in and waits until it is Ready; then a second, so that agents logged in in turn differ in idle time.</summary>
    private IActorRef ReadyAgent(string id, IActorRef router, AgentRules? rules = null, AgentDevice? device = null, TimeProvider? time = null)
    {
        var agent = Agent(id, router, rules, time: time);
        agent.Tell(new Login(device ?? new AgentDevice($"sip:{id}@127.0.0.1:5070")), TestActor);
        Assert.Equal(AgentStatus.Ready, ExpectMsg<AgentStateChanged>().Status);
        _scheduler.Advance(TimeSpan.FromSeconds(1));
        return agent;
    }

    private Ticket Waiting(IActorRef router, string queue = "support")
    {
        var ticket = new Ticket($"t{++_tickets}", queue, 0, _clock.GetUtcNow(), "+358401234567");
        router.Tell(new TicketWaiting(ticket, _call.Ref));
        return ticket;
    }

    private AgentPresence PresenceOf(IActorRef agent)
    {
        agent.Tell(new GetPresence(), TestActor);
        return ExpectMsg<AgentPresence>();
    }

    private void AwaitStatus(IActorRef agent, AgentStatus status) => AwaitAssert(() => Assert.Equal(status, PresenceOf(agent).Status));

    [Fact]
    public void An_offer_not_answered_in_20_s_goes_to_the_next_agent_and_the_first_becomes_no_answer()
    {
        var router = Router();
        var first = ReadyAgent("agent-first", router);
        var second = ReadyAgent("agent-second", router);
        var ticket = Waiting(router);

        var offer = _call.ExpectMsg<OfferCall>();
        Assert.Equal(("agent-first", ticket.Id), (offer.Agent.AgentId, offer.Ticket.Id));
        AwaitStatus(first, AgentStatus.Connecting);

        _scheduler.Advance(TimeSpan.FromSeconds(19));
        _call.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
        _scheduler.Advance(TimeSpan.FromSeconds(1));
        var withdrawn = _call.ExpectMsg<WithdrawOffer>();
        Assert.Equal(("agent-first", "no answer in 20 s"), (withdrawn.AgentId, withdrawn.Reason));
        Assert.Equal("agent-second", _call.ExpectMsg<OfferCall>().Agent.AgentId);
        AwaitStatus(first, AgentStatus.NoAnswer);
        AwaitStatus(second, AgentStatus.Connecting);
    }

    [Fact]
    public void An_answered_offer_stops_its_timer()
    {
        var router = Router();
        var agent = ReadyAgent("agent-answers", router);
        var ticket = Waiting(router);
        _call.ExpectMsg<OfferCall>();
        agent.Tell(new OfferAccepted(ticket.Id));
        router.Tell(new OfferAnswered(ticket.Id) { AgentId = "agent-answers" });
        AwaitStatus(agent, AgentStatus.Connected);
        _scheduler.Advance(TimeSpan.FromSeconds(60));
        _call.ExpectNoMsg(TimeSpan.FromMilliseconds(300));
        Assert.Equal(AgentStatus.Connected, PresenceOf(agent).Status);
    }

    [Fact]
    public void A_rejected_offer_goes_to_the_next_agent_at_once()
    {
        var router = Router();
        var first = ReadyAgent("agent-rejects", router);
        ReadyAgent("agent-next", router);
        var ticket = Waiting(router);
        _call.ExpectMsg<OfferCall>();
        first.Tell(new RejectOfferedTicket(ticket.Id));
        Assert.Equal("agent-rejects", _call.ExpectMsg<WithdrawOffer>().AgentId);
        Assert.Equal("agent-next", _call.ExpectMsg<OfferCall>().Agent.AgentId);
        AwaitStatus(first, AgentStatus.NoAnswer);
    }

    [Fact]
    public void An_agent_who_logs_out_while_an_offer_rings_frees_the_call_for_the_next_agent()
    {
        var router = Router();
        var leaving = ReadyAgent("agent-leaving", router);
        ReadyAgent("agent-staying", router);
        var ticket = Waiting(router);
        Assert.Equal("agent-leaving", _call.ExpectMsg<OfferCall>().Agent.AgentId);
        AwaitStatus(leaving, AgentStatus.Connecting);

        leaving.Tell(new Logout("end of shift"));
        var withdrawn = _call.ExpectMsg<WithdrawOffer>();
        Assert.Equal((ticket.Id, "agent-leaving"), (withdrawn.TicketId, withdrawn.AgentId));
        Assert.Equal("agent-staying", _call.ExpectMsg<OfferCall>().Agent.AgentId);
    }

    [Fact]
    public void A_call_that_ends_while_it_rings_makes_the_agent_ready_and_takes_no_one_else()
    {
        var router = Router();
        var agent = ReadyAgent("agent-abandoned", router);
        ReadyAgent("agent-other", router);
        var ticket = Waiting(router);
        _call.ExpectMsg<OfferCall>();
        AwaitStatus(agent, AgentStatus.Connecting);
        router.Tell(new TicketGone(ticket.Id));
        AwaitStatus(agent, AgentStatus.Ready);
        _scheduler.Advance(TimeSpan.FromSeconds(30));
        _call.ExpectNoMsg(TimeSpan.FromMilliseconds(300));
    }

    [Fact]
    public void A_paused_agent_refuses_an_offer_that_crossed_its_pause_and_the_call_rings_nobody()
    {
        var routerProbe = CreateTestProbe();
        var agent = Agent("agent-crossed", routerProbe.Ref);
        agent.Tell(new Login(new AgentDevice("sip:a@127.0.0.1:5070")), TestActor);
        ExpectMsg<AgentStateChanged>();
        agent.Tell(new Pause("Lunch"), TestActor);
        Assert.Equal((AgentStatus.Paused, "Lunch"), ExpectMsg<AgentStateChanged>() is var s ? (s.Status, s.PauseReason) : default);

        agent.Tell(new OfferStarted("t1", "+358401234567", "support") { Ticket = new Ticket("t1", "support", 0, _clock.GetUtcNow(), "+358401234567"), Call = _call.Ref });
        var refused = routerProbe.FishForMessage<OfferRefused>(_ => true);
        Assert.Equal(("t1", AgentStatus.Paused), (refused.TicketId, refused.Agent.Status));
        _call.ExpectNoMsg(TimeSpan.FromMilliseconds(300));
    }

    [Fact]
    public void Wrap_up_lasts_the_queues_time_unless_the_agent_ends_it()
    {
        var router = Router();
        var agent = ReadyAgent("agent-wraps-up", router);
        var ticket = Waiting(router, "support");
        _call.ExpectMsg<OfferCall>();
        agent.Tell(new OfferAccepted(ticket.Id));
        router.Tell(new OfferAnswered(ticket.Id) { AgentId = "agent-wraps-up" });
        agent.Tell(new AgentCallEnded(ticket.Id));
        AwaitStatus(agent, AgentStatus.WrapUp);
        _scheduler.Advance(TimeSpan.FromSeconds(29));
        Assert.Equal(AgentStatus.WrapUp, PresenceOf(agent).Status);
        _scheduler.Advance(TimeSpan.FromSeconds(1));
        AwaitStatus(agent, AgentStatus.Ready);

        // A second call: the agent ends its wrap-up early and takes the next call at once.
        var next = Waiting(router, "support");
        _call.ExpectMsg<OfferCall>();
        agent.Tell(new OfferAccepted(next.Id));
        router.Tell(new OfferAnswered(next.Id) { AgentId = "agent-wraps-up" });
        agent.Tell(new AgentCallEnded(next.Id));
        AwaitStatus(agent, AgentStatus.WrapUp);
        var third = Waiting(router, "support");
        _call.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
        agent.Tell(new EndWrapUp(), TestActor);
        Assert.Equal(AgentStatus.Ready, ExpectMsg<AgentStateChanged>().Status);
        Assert.Equal(third.Id, _call.ExpectMsg<OfferCall>().Ticket.Id);
    }

    [Fact]
    public void Two_offers_in_a_row_not_answered_pause_the_agent_when_auto_pause_is_2()
    {
        var router = Router();
        var agent = ReadyAgent("agent-away", router, Rules with { AutoPauseAfterNoAnswers = 2 });
        var desktop = CreateTestProbe();
        agent.Tell(new Subscribe(desktop.Ref));
        desktop.ExpectMsg<AgentStateChanged>();

        Waiting(router);
        _call.ExpectMsg<OfferCall>();
        _scheduler.Advance(TimeSpan.FromSeconds(20));
        _call.ExpectMsg<WithdrawOffer>();
        AwaitStatus(agent, AgentStatus.NoAnswer);
        agent.Tell(new SetReady(), TestActor);
        ExpectMsg<AgentStateChanged>();
        _call.ExpectMsg<OfferCall>();
        _scheduler.Advance(TimeSpan.FromSeconds(20));
        _call.ExpectMsg<WithdrawOffer>();

        var paused = desktop.FishForMessage<AgentStateChanged>(m => m.Status == AgentStatus.Paused);
        Assert.Equal(AgentRules.AutoPauseReason, paused.PauseReason);
    }

    [Fact]
    public void A_softphone_agent_whose_desktop_is_closed_is_logged_off_after_5_offers()
    {
        var router = Router();
        var agent = ReadyAgent("agent-closed-browser", router, device: AgentDevice.Softphone("agent-closed-browser"));
        Waiting(router);
        for (var i = 1; i <= 5; i++)
        {
            AwaitStatus(agent, i < 5 ? AgentStatus.NoAnswer : AgentStatus.LoggedOut);
            if (i < 5)
            {
                agent.Tell(new SetReady(), TestActor);
                ExpectMsg<AgentStateChanged>();
            }
        }
        // The call was never asked to ring: a softphone with no desktop cannot.
        var toCall = _call.ReceiveWhile<object>(TimeSpan.FromMilliseconds(300), m => m);
        Assert.NotEmpty(toCall);
        Assert.All(toCall, m => Assert.IsType<WithdrawOffer>(m));
    }

    [Fact]
    public void An_agent_busy_on_an_outbound_call_is_offered_nothing_until_it_ends()
    {
        var router = Router();
        var agent = ReadyAgent("agent-outbound", router);
        agent.Tell(new AgentBusy("out-1", "outbound call to +358401234567"));
        AwaitStatus(agent, AgentStatus.Busy);
        var ticket = Waiting(router);
        _call.ExpectNoMsg(TimeSpan.FromMilliseconds(300));
        agent.Tell(new AgentBusyEnded("out-1"));
        Assert.Equal(ticket.Id, _call.ExpectMsg<OfferCall>().Ticket.Id);
    }

    [Fact]
    public void An_agent_who_calls_out_during_a_pause_is_paused_again_when_the_call_ends_and_offered_nothing()
    {
        var router = Router();
        var agent = ReadyAgent("agent-pause-outbound", router);
        var desktop = CreateTestProbe();
        agent.Tell(new Subscribe(desktop.Ref));
        desktop.ExpectMsg<AgentStateChanged>();
        agent.Tell(new Pause("Lunch"), TestActor);
        Assert.Equal(AgentStatus.Paused, ExpectMsg<AgentStateChanged>().Status);
        agent.Tell(new AgentBusy("out-1", "outbound call to +358401234567"));
        desktop.FishForMessage<AgentStateChanged>(m => m.Status == AgentStatus.Busy);
        Waiting(router);

        agent.Tell(new AgentBusyEnded("out-1"));
        var back = desktop.ExpectMsg<AgentStateChanged>();
        Assert.Equal((AgentStatus.Paused, "Lunch"), (back.Status, back.PauseReason));
        _call.ExpectNoMsg(TimeSpan.FromMilliseconds(300));
    }

    /// <summary>Answers a ticket offered to the agent and hangs up: the agent is in the support queue's 30 s wrap-up.</summary>
    private void InWrapUp(IActorRef agent, IActorRef router, string agentId)
    {
        var ticket = Waiting(router, "support");
        _call.ExpectMsg<OfferCall>();
        agent.Tell(new OfferAccepted(ticket.Id));
        router.Tell(new OfferAnswered(ticket.Id) { AgentId = agentId });
        agent.Tell(new AgentCallEnded(ticket.Id));
        AwaitStatus(agent, AgentStatus.WrapUp);
    }

    [Fact]
    public void An_outbound_call_during_wrap_up_ends_back_in_wrap_up_which_still_ends_on_time()
    {
        var router = Router();
        var agent = ReadyAgent("agent-wrap-outbound", router);
        InWrapUp(agent, router, "agent-wrap-outbound");
        _scheduler.Advance(TimeSpan.FromSeconds(5));
        agent.Tell(new AgentBusy("out-1", "outbound call to +358401234567"));
        AwaitStatus(agent, AgentStatus.Busy);
        _scheduler.Advance(TimeSpan.FromSeconds(10));
        agent.Tell(new AgentBusyEnded("out-1"));
        AwaitStatus(agent, AgentStatus.WrapUp);
        _scheduler.Advance(TimeSpan.FromSeconds(14));
        Assert.Equal(AgentStatus.WrapUp, PresenceOf(agent).Status);
        _scheduler.Advance(TimeSpan.FromSeconds(1));
        AwaitStatus(agent, AgentStatus.Ready);
    }

    [Fact]
    public void A_wrap_up_timer_that_fires_before_the_clock_says_the_end_waits_for_the_rest()
    {
        var router = Router();
        var clock = new LaggingClock(Sys.Scheduler);
        var agent = ReadyAgent("agent-clock-step", router, time: clock);
        InWrapUp(agent, router, "agent-clock-step");
        clock.Lag = TimeSpan.FromSeconds(5);  // the wall clock steps back 5 s during the wrap-up
        _scheduler.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(AgentStatus.WrapUp, PresenceOf(agent).Status);
        _scheduler.Advance(TimeSpan.FromSeconds(5));
        AwaitStatus(agent, AgentStatus.Ready);
    }

    [Fact]
    public void An_agent_reports_the_same_queue_set_until_it_logs_in_again()
    {
        var router = Router();
        var agent = ReadyAgent("agent-same-queues", router);
        var first = PresenceOf(agent).Queues;
        agent.Tell(new Pause("Lunch"), TestActor);
        ExpectMsg<AgentStateChanged>();
        agent.Tell(new SetReady(), TestActor);
        ExpectMsg<AgentStateChanged>();
        Assert.Same(first, PresenceOf(agent).Queues);

        agent.Tell(new Login(new AgentDevice("sip:agent-same-queues@127.0.0.1:5070")) { Queues = ["sales"] }, TestActor);
        ExpectMsg<AgentStateChanged>();
        Assert.Equal(["sales"], PresenceOf(agent).Queues.Order());
        Assert.Equal(["sales", "support"], first.Order());
    }

    [Fact]
    public void A_softphone_desktop_that_closes_while_a_call_rings_it_sends_the_call_to_the_next_agent()
    {
        var router = Router();
        var softphone = ReadyAgent("agent-softphone", router, device: AgentDevice.Softphone("agent-softphone"));
        ReadyAgent("agent-phone", router);
        var desktop = CreateTestProbe();
        softphone.Tell(new Subscribe(desktop.Ref));
        desktop.ExpectMsg<AgentStateChanged>();
        Waiting(router);
        Assert.Equal("agent-softphone", _call.ExpectMsg<OfferCall>().Agent.AgentId);

        softphone.Tell(new Unsubscribe(desktop.Ref));
        Assert.Equal("agent-softphone", _call.ExpectMsg<WithdrawOffer>().AgentId);
        Assert.Equal("agent-phone", _call.ExpectMsg<OfferCall>().Agent.AgentId);
        AwaitStatus(softphone, AgentStatus.NoAnswer);
    }

    [Fact]
    public void A_supervisor_logs_an_agent_out_and_the_desktop_sees_it()
    {
        var router = Router();
        var agent = ReadyAgent("agent-sent-home", router);
        var desktop = CreateTestProbe();
        agent.Tell(new Subscribe(desktop.Ref));
        desktop.ExpectMsg<AgentStateChanged>();
        agent.Tell(new Logout("end of shift") { By = "supervisor1" });
        Assert.Equal(AgentStatus.LoggedOut, desktop.ExpectMsg<AgentStateChanged>().Status);
    }

    [Fact]
    public void An_unknown_pause_reason_is_refused_with_the_configured_ones()
    {
        var agent = ReadyAgent("agent-coffee", Router());
        agent.Tell(new Pause("Coffee"), TestActor);
        Assert.Equal("pause: unknown reason 'Coffee'; configured reasons: Lunch, Training", ExpectMsg<AgentCommandRefused>().Reason);
    }

    [Fact]
    public void After_a_restart_a_paused_agent_is_still_paused_and_one_on_a_call_is_ready()
    {
        var routerProbe = CreateTestProbe();
        var paused = Agent("agent-restart-paused", routerProbe.Ref);
        paused.Tell(new Login(new AgentDevice("sip:p@127.0.0.1:5070")), TestActor);
        ExpectMsg<AgentStateChanged>();
        paused.Tell(new Pause("Training"), TestActor);
        ExpectMsg<AgentStateChanged>();

        var onCall = Agent("agent-restart-oncall", routerProbe.Ref);
        onCall.Tell(new Login(new AgentDevice("sip:c@127.0.0.1:5070")), TestActor);
        ExpectMsg<AgentStateChanged>();
        onCall.Tell(new OfferStarted("t1", "+358401234567", "sales"));
        onCall.Tell(new OfferAccepted("t1"));
        AwaitStatus(onCall, AgentStatus.Connected);

        Restart(paused);
        Restart(onCall);
        var again = Agent("agent-restart-paused", routerProbe.Ref, name: "agent-restart-paused-2");
        var presence = PresenceOf(again);
        Assert.Equal(AgentStatus.Paused, presence.Status);
        again.Tell(new Subscribe(TestActor));
        Assert.Equal("Training", ExpectMsg<AgentStateChanged>().PauseReason);
        var back = Agent("agent-restart-oncall", routerProbe.Ref, name: "agent-restart-oncall-2");
        Assert.Equal(AgentStatus.Ready, PresenceOf(back).Status);
        Assert.Equal(AgentStatus.Ready, routerProbe.FishForMessage<AgentPresenceChanged>(m => m.Presence.AgentId == "agent-restart-oncall" && m.Presence.Status == AgentStatus.Ready).Presence.Status);
    }

    private void Restart(IActorRef agent)
    {
        Watch(agent);
        Sys.Stop(agent);
        ExpectTerminated(agent);
    }
}

using Akka.Actor;
using Akka.TestKit;
using Akka.TestKit.Xunit2;
using ContactCentre.Actors.Agents;
using ContactCentre.Actors.Calls;
using ContactCentre.Actors.Ports;
using ContactCentre.Actors.Queues;
using ContactCentre.Actors.Routing;
using ContactCentre.Domain.Agents;
using ContactCentre.Domain.Flows;
using ContactCentre.Domain.Queues;

namespace ContactCentre.Actors.Tests.Calls;

/// <summary>
/// Where a call meets its queue and the router: an offer the router withdraws stops ringing, the next agent's answer is
/// reported as that agent's, a queue that sends the caller on continues the flow at the module's exit, and the queue
/// learns each answered call's handle time. The queue and the router are probes, so every message between them shows.
/// </summary>
[Trait("Category", "Unit")]
public sealed class CallQueueSeamSpec : TestKit
{
    private const string FlowJson = """
        { "name": "Seam", "start": "support", "modules": [
          { "type": "queue", "name": "support", "queue": "support", "prompts": ["queue-support"], "full": "full", "overflow": "later" },
          { "type": "message", "name": "full", "prompts": ["queue-full"], "hangUp": true },
          { "type": "message", "name": "later", "prompts": ["call-later"], "hangUp": true } ] }
        """;

    private static readonly DateTimeOffset T0 = new(2026, 11, 27, 9, 0, 0, TimeSpan.Zero);
    private readonly ManualTime _time = new(T0);
    private readonly ScriptedDialer _dialer = new();
    private readonly RecordingHistory _history = new();
    private readonly TestProbe _queue;
    private readonly TestProbe _router;
    private readonly InMemoryCallLeg _caller = new("caller");
    private readonly IActorRef _call;
    private readonly Ticket _ticket;

    public CallQueueSeamSpec()
        : base("akka.test.single-expect-default = 10s")
    {
        _queue = CreateTestProbe();
        _router = CreateTestProbe();
        var flow = FlowReader.Read(FlowJson).Flow!;
        var queues = new Dictionary<string, IActorRef> { ["support"] = _queue.Ref };
        _call = Sys.ActorOf(Props.Create(() => new CallActor(_caller, new FlowInterpreter(flow, 200, null),
            new CallInfo("call-1", "+358201234567", "+358401111111", T0), queues, _router.Ref, _dialer, _history, _time,
            null, null, null)));
        _ticket = _queue.ExpectMsg<Enqueue>().Ticket;
    }

    private (AgentPresence Presence, TestProbe Actor) Agent(string id)
    {
        var presence = new AgentPresence(id, new HashSet<string> { "support" }, AgentStatus.Ready, T0, new AgentDevice($"sip:{id}@127.0.0.1:5070"));
        return (presence, CreateTestProbe());
    }

    [Fact]
    public async Task A_withdrawn_offer_stops_ringing_and_the_next_agents_answer_is_reported_as_theirs()
    {
        var (first, firstActor) = Agent("agent1");
        _call.Tell(new OfferCall(_ticket, first, firstActor.Ref));
        var firstDial = await _dialer.NextDialAsync();

        _call.Tell(new WithdrawOffer(_ticket.Id, "agent1", "no answer in 20 s"));
        // The ringing is cancelled; the router and the agent already know, so the call tells neither.
        Assert.Equal("cancelled", (await firstDial.Answer.Task.WaitAsync(TimeSpan.FromSeconds(5))).Reason);
        _router.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
        firstActor.ExpectNoMsg(TimeSpan.Zero);

        var (second, secondActor) = Agent("agent2");
        _call.Tell(new OfferCall(_ticket, second, secondActor.Ref));
        var secondDial = await _dialer.NextDialAsync();
        Assert.Equal("sip:agent2@127.0.0.1:5070", secondDial.Device.SipUri);
        var agentLeg = new InMemoryCallLeg("agent2-leg");
        secondDial.Answer.SetResult(new DialResult(agentLeg, "answered"));

        Assert.Equal("agent2", _router.ExpectMsg<OfferAnswered>().AgentId);
        Assert.Equal(TicketOutcome.Answered, _queue.ExpectMsg<CloseTicket>().Outcome);
        secondActor.ExpectMsg<OfferAccepted>();
        AwaitCondition(() => ReferenceEquals(_caller.BridgedTo, agentLeg));
    }

    [Fact]
    public async Task A_withdrawal_of_an_offer_the_call_no_longer_rings_changes_nothing()
    {
        _call.Tell(new WithdrawOffer(_ticket.Id, "agent9", "the agent logged out"));
        var (agent, agentActor) = Agent("agent1");
        _call.Tell(new OfferCall(_ticket, agent, agentActor.Ref));
        // The call still waits and rings the agent the router offers next.
        Assert.Equal("sip:agent1@127.0.0.1:5070", (await _dialer.NextDialAsync()).Device.SipUri);
    }

    [Fact]
    public async Task An_offer_withdrawn_before_its_OfferCall_arrived_never_rings()
    {
        var (first, firstActor) = Agent("agent1");
        _call.Tell(new WithdrawOffer(_ticket.Id, "agent1", "no answer in 20 s"));
        _call.Tell(new OfferCall(_ticket, first, firstActor.Ref));
        var (second, secondActor) = Agent("agent2");
        _call.Tell(new OfferCall(_ticket, second, secondActor.Ref));
        // The first dial the call makes is agent2's: agent1's offer was over before its OfferCall came.
        Assert.Equal("sip:agent2@127.0.0.1:5070", (await _dialer.NextDialAsync()).Device.SipUri);
    }

    [Fact]
    public async Task An_agent_whose_offer_ended_unanswered_can_be_offered_the_call_again()
    {
        var (agent, agentActor) = Agent("agent1");
        _call.Tell(new OfferCall(_ticket, agent, agentActor.Ref));
        (await _dialer.NextDialAsync()).Answer.SetResult(new DialResult(null, "480 Temporarily Unavailable"));
        _router.ExpectMsg<OfferFailed>();
        // The router's withdrawal of that offer comes after the call's own report: it is no news.
        _call.Tell(new WithdrawOffer(_ticket.Id, "agent1", "the offer failed"));
        _call.Tell(new OfferCall(_ticket, agent, agentActor.Ref));
        Assert.Equal("sip:agent1@127.0.0.1:5070", (await _dialer.NextDialAsync()).Device.SipUri);
    }

    [Fact]
    public async Task An_agent_who_does_not_answer_is_reported_by_id()
    {
        var (agent, agentActor) = Agent("agent1");
        _call.Tell(new OfferCall(_ticket, agent, agentActor.Ref));
        (await _dialer.NextDialAsync()).Answer.SetResult(new DialResult(null, "486 Busy Here"));
        Assert.Equal("agent1", _router.ExpectMsg<OfferFailed>().AgentId);
        Assert.Equal(OfferOutcome.Rejected, agentActor.ExpectMsg<OfferNotAccepted>().Outcome ?? AgentActor.OutcomeOf("486 Busy Here"));
    }

    [Fact]
    public async Task A_full_queue_sends_the_caller_to_the_modules_full_exit()
    {
        _call.Tell(new QueueExitTaken(_ticket.Id, QueueRefusal.Full, "the queue is full (10 waiting)"));
        AwaitCondition(() => _caller.Played.Any(p => p.SequenceEqual(["queue-full"])));
        _caller.FinishPrompts();
        AwaitCondition(() => _caller.Ended);
        // The queue closed the ticket itself: the call does not close it again as abandoned.
        _queue.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
        var entry = await _history.NextAsync();
        Assert.Equal("left queue 'support': the queue is full (10 waiting)", entry.Outcome);
    }

    [Fact]
    public async Task A_caller_past_the_maximum_wait_takes_the_overflow_exit_and_a_ringing_agent_stops_ringing()
    {
        var (agent, agentActor) = Agent("agent1");
        _call.Tell(new OfferCall(_ticket, agent, agentActor.Ref));
        var dial = await _dialer.NextDialAsync();

        _call.Tell(new QueueExitTaken(_ticket.Id, QueueRefusal.Overflow, "waited 300 s, the queue's maximum"));
        Assert.Equal("cancelled", (await dial.Answer.Task.WaitAsync(TimeSpan.FromSeconds(5))).Reason);
        AwaitCondition(() => _caller.Played.Any(p => p.SequenceEqual(["call-later"])));
        _router.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
    }

    [Fact]
    public void A_queue_exit_for_another_ticket_is_ignored()
    {
        _call.Tell(new QueueExitTaken("someone-else", QueueRefusal.Full, "full"));
        _caller.FinishPrompts();
        Assert.DoesNotContain(_caller.Played, p => p.SequenceEqual(["queue-full"]));
        Assert.False(_caller.Ended);
    }

    [Fact]
    public async Task The_queue_learns_the_handle_time_of_an_answered_call()
    {
        var (agent, agentActor) = Agent("agent1");
        _call.Tell(new OfferCall(_ticket, agent, agentActor.Ref));
        (await _dialer.NextDialAsync()).Answer.SetResult(new DialResult(new InMemoryCallLeg("agent1-leg"), "answered"));
        _queue.ExpectMsg<CloseTicket>();
        AwaitCondition(() => _caller.BridgedTo is not null);

        _time.Advance(TimeSpan.FromSeconds(185));
        _call.Tell(new LegEnded(_caller.Id, "remote BYE"));
        var handled = _queue.ExpectMsg<CallHandled>();
        Assert.Equal((_ticket.Id, TimeSpan.FromSeconds(185)), (handled.TicketId, handled.HandleTime));
        _queue.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
    }
}

using Akka.Actor;
using Akka.TestKit;
using Akka.TestKit.Xunit2;
using ContactCentre.Actors.Agents;
using ContactCentre.Actors.Calls;
using ContactCentre.Actors.Ports;
using ContactCentre.Actors.Queues;
using ContactCentre.Domain.Agents;
using ContactCentre.Domain.Configuration;
using ContactCentre.Domain.Queues;

namespace ContactCentre.Actors.Tests;

/// <summary>The agent's call control (hold, mute, DTMF, reject, transfer, consultation, outbound) on in-memory legs.</summary>
[Trait("Category", "Unit")]
public sealed class CallControlSpec : TestKit
{
    private const string Config = """
        {
          "countryCallingCode": "358",
          "serviceNumbers": [ { "number": "0201234567", "flow": "Demo" } ],
          "queues": [ { "name": "support" }, { "name": "sales" } ],
          "agents": [ { "id": "agent1", "queues": [ "support" ] }, { "id": "agent2", "queues": [ "sales" ] } ],
          "flows": [ { "name": "Demo", "start": "support", "modules": [
            { "type": "queue", "name": "support", "queue": "support", "prompts": [ "queue-support" ] } ] } ]
        }
        """;

    private static readonly DateTimeOffset T0 = new(2026, 11, 27, 9, 0, 0, TimeSpan.Zero);
    private readonly ManualTime _time = new(T0);
    private readonly ScriptedDialer _dialer = new();
    private readonly ScriptedTrunkDialer _trunks = new();
    private readonly RecordingHistory _history = new();
    private readonly ContactCentreConfiguration _config = ConfigurationReader.Parse(Config);
    private readonly ContactCentreActors _actors;
    private readonly TestProbe _desk1;
    private readonly TestProbe _desk2;

    public CallControlSpec()
        : base("akka.test.single-expect-default = 15s")
    {
        _actors = ContactCentreActors.Start(Sys, _config, _dialer, _history, _time, _trunks);
        _desk1 = Desk("agent1");
        _desk2 = Desk("agent2");
    }

    private TestProbe Desk(string agent)
    {
        var probe = CreateTestProbe();
        _actors.AgentCalls.Tell(new WatchAgentCalls(agent, probe.Ref));
        _actors.Agents[agent].Tell(new Login(new AgentDevice($"sip:{agent}@127.0.0.1:5070")), TestActor);
        Assert.Equal(AgentStatus.Ready, ExpectMsg<AgentStateChanged>().Status);
        return probe;
    }

    private void Send(TestProbe desk, CallControl command) => _actors.AgentCalls.Tell(command, desk.Ref);

    private AgentCallUpdate Next(TestProbe desk, CallState state) =>
        desk.FishForMessage<AgentCallUpdate>(u => u.State == state);

    private AgentStatus Status(string agent)
    {
        _actors.Agents[agent].Tell(new GetPresence(), TestActor);
        return ExpectMsg<AgentPresence>().Status;
    }

    /// <summary>A caller from the support queue ringing agent1's phone.</summary>
    private async Task<(InMemoryCallLeg Caller, TaskCompletionSource<DialResult> Answer)> RingingAgent1()
    {
        var caller = new InMemoryCallLeg("caller");
        _actors.StartCall(caller, _config.Flows["Demo"], new CallInfo("call-1", "+358201234567", "+358401111111", T0));
        var dial = await _dialer.NextDialAsync();
        Assert.Equal("sip:agent1@127.0.0.1:5070", dial.Device.SipUri);
        Assert.Equal("+358401111111", Next(_desk1, CallState.Ringing).Party);
        return (caller, dial.Answer);
    }

    /// <summary>A caller answered by agent1 from the support queue.</summary>
    private async Task<(InMemoryCallLeg Caller, InMemoryCallLeg Agent)> ConnectedToAgent1()
    {
        var (caller, answer) = await RingingAgent1();
        var agent = new InMemoryCallLeg("agent1-leg");
        answer.SetResult(new DialResult(agent, "answered"));
        Next(_desk1, CallState.Connected);
        Assert.Equal(agent, caller.BridgedTo);
        return (caller, agent);
    }

    [Fact]
    public async Task Hold_plays_music_to_the_caller_and_unhold_connects_them_again()
    {
        var (caller, agent) = await ConnectedToAgent1();

        Send(_desk1, new HoldCall("agent1"));
        Next(_desk1, CallState.Held);
        Assert.True(caller.HearsMusicOnHold);
        Assert.Null(caller.BridgedTo);
        Assert.Null(agent.BridgedTo);

        Send(_desk1, new UnholdCall("agent1"));
        Next(_desk1, CallState.Connected);
        Assert.False(caller.HearsMusicOnHold);
        Assert.Equal(agent, caller.BridgedTo);
    }

    [Fact]
    public async Task Mute_silences_the_agent_and_dtmf_goes_to_the_caller()
    {
        var (caller, agent) = await ConnectedToAgent1();
        Send(_desk1, new MuteAgent("agent1"));
        Assert.True(Next(_desk1, CallState.Connected).Muted);
        Assert.True(agent.Muted);
        Send(_desk1, new SendDtmf("agent1", "12#"));
        AwaitCondition(() => caller.DigitsSent.Contains("12#"));
        Send(_desk1, new UnmuteAgent("agent1"));
        Assert.False(Next(_desk1, CallState.Connected).Muted);
        Assert.False(agent.Muted);
    }

    [Fact]
    public void Control_without_a_call_is_refused_naming_the_command()
    {
        Send(_desk1, new HoldCall("agent1"));
        Assert.Equal("hold: agent1 has no call", _desk1.ExpectMsg<CallControlRefused>().Message);
    }

    [Fact]
    public async Task A_desktop_that_answers_the_moment_its_ring_ends_because_the_caller_hung_up_is_told_there_is_no_call()
    {
        var (caller, _) = await RingingAgent1();
        // As a softphone's desktop does: it hears the ring end as the dial is cancelled, and answers at once.
        _dialer.Cancelled = () => Send(_desk1, new AnswerOffer("agent1"));

        caller.HangUpByParty();
        Assert.Equal("answer: agent1 has no call", _desk1.FishForMessage<CallControlRefused>(_ => true).Message);
    }

    [Fact]
    public async Task A_desktop_that_answers_the_moment_its_outbound_calls_ring_ends_is_told_there_is_no_call()
    {
        Send(_desk1, new PlaceCall("agent1", "+358401234567"));
        await _dialer.NextDialAsync();
        Next(_desk1, CallState.Ringing);
        _dialer.Cancelled = () => Send(_desk1, new AnswerOffer("agent1"));

        Send(_desk1, new HangUp("agent1"));
        Assert.Equal("answer: agent1 has no call", _desk1.FishForMessage<CallControlRefused>(_ => true).Message);
    }

    [Fact]
    public async Task A_rejected_offer_ends_as_not_answered_and_the_call_waits_on()
    {
        await RingingAgent1();

        Send(_desk1, new RejectOffer("agent1"));
        Assert.Equal("not answered: rejected at the desktop", Next(_desk1, CallState.Ended).Reason);
        AwaitAssert(() => Assert.Equal(AgentStatus.NoAnswer, Status("agent1")));
        _actors.Queues["support"].Tell(new GetWaiting(), TestActor);
        Assert.Single(ExpectMsg<QueueState>().Waiting);
    }

    [Fact]
    public async Task A_blind_transfer_to_a_queue_frees_the_agent_and_offers_the_caller_to_that_queues_agent()
    {
        var (caller, agent1) = await ConnectedToAgent1();

        Send(_desk1, new BlindTransfer("agent1", new TransferTarget(TransferTargetKind.Queue, "sales")));
        Assert.Equal("transferred to queue sales", Next(_desk1, CallState.Ended).Reason);
        Assert.True(agent1.Ended);
        AwaitCondition(() => caller.HearsMusicOnHold);

        var dial = await _dialer.NextDialAsync();
        Assert.Equal("sip:agent2@127.0.0.1:5070", dial.Device.SipUri);
        Assert.Equal("sales", dial.Offer.Queue);
        var agent2 = new InMemoryCallLeg("agent2-leg");
        dial.Answer.SetResult(new DialResult(agent2, "answered"));
        Next(_desk2, CallState.Connected);
        Assert.Equal(agent2, caller.BridgedTo);
        Assert.NotEqual(AgentStatus.Connected, Status("agent1"));

        caller.HangUpByParty();
        var entry = await _history.NextAsync();
        Assert.Equal(("sales", "agent2", "answered"), (entry.Queue, entry.Agent, entry.Outcome));
    }

    [Fact]
    public async Task A_transfer_to_an_unknown_queue_is_refused_and_the_call_stays()
    {
        var (caller, agent) = await ConnectedToAgent1();
        Send(_desk1, new BlindTransfer("agent1", new TransferTarget(TransferTargetKind.Queue, "billing")));
        Assert.Equal("transfer: field 'to' names no queue 'billing'", _desk1.FishForMessage<CallControlRefused>(_ => true).Message);
        Assert.Equal(agent, caller.BridgedTo);
    }

    [Fact]
    public async Task A_consultation_with_an_agent_completes_into_a_transfer()
    {
        var (caller, agent1) = await ConnectedToAgent1();

        Send(_desk1, new StartConsult("agent1", new TransferTarget(TransferTargetKind.Agent, "agent2")));
        Assert.Equal("agent2", Next(_desk1, CallState.Consulting).Consulting);
        var dial = await _dialer.NextDialAsync();
        Assert.Equal("sip:agent2@127.0.0.1:5070", dial.Device.SipUri);
        Assert.True(caller.HearsMusicOnHold);
        var agent2 = new InMemoryCallLeg("agent2-leg");
        dial.Answer.SetResult(new DialResult(agent2, "answered"));
        Next(_desk2, CallState.Connected);
        AwaitCondition(() => agent1.BridgedTo == agent2);

        Send(_desk1, new CompleteTransfer("agent1"));
        Next(_desk1, CallState.Ended);
        Assert.True(agent1.Ended);
        AwaitCondition(() => caller.BridgedTo == agent2);
        Assert.False(caller.HearsMusicOnHold);

        // agent2 now has the call: its hang-up ends it.
        Send(_desk2, new HangUp("agent2"));
        var entry = await _history.NextAsync();
        Assert.Equal(("agent2", "answered"), (entry.Agent, entry.Outcome));
        Assert.True(caller.Ended);
    }

    /// <summary>Consults agent2 from agent1's call, and agent2 answers.</summary>
    private async Task<(InMemoryCallLeg Caller, InMemoryCallLeg Agent1, InMemoryCallLeg Agent2)> ConsultingAgent2()
    {
        var (caller, agent1) = await ConnectedToAgent1();
        Send(_desk1, new StartConsult("agent1", new TransferTarget(TransferTargetKind.Agent, "agent2")));
        var dial = await _dialer.NextDialAsync();
        var agent2 = new InMemoryCallLeg("agent2-leg");
        dial.Answer.SetResult(new DialResult(agent2, "answered"));
        Next(_desk2, CallState.Connected);
        AwaitCondition(() => agent1.BridgedTo == agent2);
        return (caller, agent1, agent2);
    }

    [Theory]
    [InlineData("desktop")]
    [InlineData("phone")]
    public async Task The_consulting_agent_hanging_up_during_an_answered_consultation_hands_the_caller_to_the_consulted_agent(string how)
    {
        var (caller, agent1, agent2) = await ConsultingAgent2();

        if (how == "desktop") Send(_desk1, new HangUp("agent1"));
        else agent1.HangUpByParty();

        Assert.Equal("transferred to agent agent2", Next(_desk1, CallState.Ended).Reason);
        AwaitCondition(() => caller.BridgedTo == agent2);
        Assert.True(agent1.Ended);
        Assert.False(caller.Ended);
        Assert.False(caller.HearsMusicOnHold);
        AwaitAssert(() => Assert.Equal(AgentStatus.Connected, Status("agent2")));
        AwaitAssert(() => Assert.NotEqual(AgentStatus.Connected, Status("agent1")));

        // agent2 has the call now: its hang-up ends it.
        Send(_desk2, new HangUp("agent2"));
        var entry = await _history.NextAsync();
        Assert.Equal(("agent2", "answered"), (entry.Agent, entry.Outcome));
        Assert.True(caller.Ended);
    }

    [Fact]
    public async Task A_consulted_agent_who_rejects_from_the_desktop_stops_the_ringing_and_the_consulting_agent_is_told()
    {
        var (caller, agent1) = await ConnectedToAgent1();
        Send(_desk1, new StartConsult("agent1", new TransferTarget(TransferTargetKind.Agent, "agent2")));
        var dial = await _dialer.NextDialAsync();
        Assert.Equal("agent1", Next(_desk2, CallState.Ringing).Party);

        Send(_desk2, new RejectOffer("agent2"));
        Assert.Equal("cancelled", (await dial.Answer.Task.WaitAsync(TimeSpan.FromSeconds(5))).Reason);
        Assert.Equal("not answered: rejected at the desktop", Next(_desk2, CallState.Ended).Reason);
        Assert.Equal("consult with agent2 failed: rejected at the desktop", Next(_desk1, CallState.Held).Reason);
        AwaitAssert(() => Assert.Equal(AgentStatus.NoAnswer, Status("agent2")));
        Assert.True(caller.HearsMusicOnHold);

        // The consulting agent takes the caller back.
        Send(_desk1, new UnholdCall("agent1"));
        Next(_desk1, CallState.Connected);
        Assert.Equal(agent1, caller.BridgedTo);
    }

    [Fact]
    public async Task A_queue_consultation_rejected_by_the_agent_offered_it_waits_on_for_the_next()
    {
        var (caller, _) = await ConnectedToAgent1();
        Send(_desk1, new StartConsult("agent1", new TransferTarget(TransferTargetKind.Queue, "sales")));
        var dial = await _dialer.NextDialAsync();
        Next(_desk2, CallState.Ringing);

        Send(_desk2, new RejectOffer("agent2"));
        Assert.Equal("cancelled", (await dial.Answer.Task.WaitAsync(TimeSpan.FromSeconds(5))).Reason);
        Assert.Equal("not answered: rejected at the desktop", Next(_desk2, CallState.Ended).Reason);
        AwaitAssert(() => Assert.Equal(AgentStatus.NoAnswer, Status("agent2")));
        // The consultation's ticket waits in sales for the next agent; agent1 still consults.
        AwaitAssert(() =>
        {
            _actors.Queues["sales"].Tell(new GetWaiting(), TestActor);
            Assert.Single(ExpectMsg<QueueState>().Waiting);
        });
        Assert.True(caller.HearsMusicOnHold);

        // Ready again, agent2 is offered it again.
        _actors.Agents["agent2"].Tell(new SetReady(), TestActor);
        Assert.Equal("sip:agent2@127.0.0.1:5070", (await _dialer.NextDialAsync()).Device.SipUri);
    }

    [Fact]
    public async Task A_consultation_with_a_queue_reaches_its_first_agent_and_completes_into_a_transfer()
    {
        var (caller, agent1) = await ConnectedToAgent1();
        Send(_desk1, new StartConsult("agent1", new TransferTarget(TransferTargetKind.Queue, "sales")));
        Assert.Equal("sales", Next(_desk1, CallState.Consulting).Consulting);

        var dial = await _dialer.NextDialAsync();
        Assert.Equal(("sip:agent2@127.0.0.1:5070", "sales"), (dial.Device.SipUri, dial.Offer.Queue));
        Assert.True(caller.HearsMusicOnHold);
        var agent2 = new InMemoryCallLeg("agent2-leg");
        dial.Answer.SetResult(new DialResult(agent2, "answered"));
        Next(_desk2, CallState.Connected);
        AwaitCondition(() => agent1.BridgedTo == agent2);
        AwaitAssert(() =>
        {
            _actors.Queues["sales"].Tell(new GetWaiting(), TestActor);
            Assert.Empty(ExpectMsg<QueueState>().Waiting);
        });
        // An internal ticket: no caller was answered in the sales queue.
        _actors.Queues["sales"].Tell(new GetWaiting(), TestActor);
        var stats = ExpectMsg<QueueState>().Statistics;
        Assert.Equal((0, 0), (stats.Entered, stats.Answered));

        Send(_desk1, new CompleteTransfer("agent1"));
        AwaitCondition(() => caller.BridgedTo == agent2);
        Assert.True(agent1.Ended);
    }

    [Fact]
    public async Task A_cancelled_consultation_with_a_queue_takes_its_ticket_out_of_the_queue()
    {
        _actors.Agents["agent2"].Tell(new Logout("test"));
        var (caller, agent1) = await ConnectedToAgent1();
        Send(_desk1, new StartConsult("agent1", new TransferTarget(TransferTargetKind.Queue, "sales")));
        AwaitAssert(() =>
        {
            _actors.Queues["sales"].Tell(new GetWaiting(), TestActor);
            Assert.Single(ExpectMsg<QueueState>().Waiting);
        });
        Send(_desk1, new CancelConsult("agent1"));
        Next(_desk1, CallState.Connected);
        Assert.Equal(agent1, caller.BridgedTo);
        AwaitAssert(() =>
        {
            _actors.Queues["sales"].Tell(new GetWaiting(), TestActor);
            Assert.Empty(ExpectMsg<QueueState>().Waiting);
        });
        // An internal ticket: no caller abandoned the sales queue.
        _actors.Queues["sales"].Tell(new GetWaiting(), TestActor);
        var stats = ExpectMsg<QueueState>().Statistics;
        Assert.Equal((0, 0), (stats.Entered, stats.Abandoned));
    }

    [Fact]
    public async Task A_cancelled_consultation_with_a_number_returns_the_agent_to_the_caller()
    {
        var (caller, agent1) = await ConnectedToAgent1();
        Send(_desk1, new StartConsult("agent1", new TransferTarget(TransferTargetKind.Number, "+358201234000")));
        var dial = await _trunks.NextDialAsync();
        Assert.Equal("+358201234000", dial.Number);
        var far = new InMemoryCallLeg("far");
        dial.Answer.SetResult(new DialResult(far, "answered"));
        AwaitCondition(() => agent1.BridgedTo == far);

        Send(_desk1, new CancelConsult("agent1"));
        Next(_desk1, CallState.Connected);
        Assert.True(far.Ended);
        Assert.Equal(agent1, caller.BridgedTo);
    }

    [Fact]
    public async Task A_blind_transfer_to_an_agent_rings_that_agent_and_connects_the_caller()
    {
        var (caller, agent1) = await ConnectedToAgent1();
        Send(_desk1, new BlindTransfer("agent1", new TransferTarget(TransferTargetKind.Agent, "agent2")));
        Assert.Equal("transferred to agent agent2", Next(_desk1, CallState.Ended).Reason);
        Assert.True(agent1.Ended);

        var dial = await _dialer.NextDialAsync();
        Assert.Equal("sip:agent2@127.0.0.1:5070", dial.Device.SipUri);
        AwaitAssert(() => Assert.Equal(AgentStatus.Connecting, Status("agent2")));
        var agent2 = new InMemoryCallLeg("agent2-leg");
        dial.Answer.SetResult(new DialResult(agent2, "answered"));
        Next(_desk2, CallState.Connected);
        Assert.Equal(agent2, caller.BridgedTo);
        AwaitAssert(() => Assert.Equal(AgentStatus.Connected, Status("agent2")));
    }

    [Fact]
    public async Task A_transfer_to_an_agent_that_does_not_answer_puts_the_caller_back_in_its_queue()
    {
        var (caller, _) = await ConnectedToAgent1();
        Send(_desk1, new BlindTransfer("agent1", new TransferTarget(TransferTargetKind.Agent, "agent2")));
        var dial = await _dialer.NextDialAsync();
        dial.Answer.SetResult(new DialResult(null, "480 Temporarily Unavailable"));

        AwaitAssert(() => Assert.Equal(AgentStatus.NoAnswer, Status("agent2")));
        // Back in support, where agent1 (free again) is offered it.
        var again = await _dialer.NextDialAsync();
        Assert.Equal(("sip:agent1@127.0.0.1:5070", "support"), (again.Device.SipUri, again.Offer.Queue));
        Assert.True(caller.HearsMusicOnHold);
    }

    [Fact]
    public async Task A_transfer_to_an_agent_who_is_not_ready_is_refused_and_the_call_stays()
    {
        _actors.Agents["agent2"].Tell(new Logout("test"));
        var (caller, agent1) = await ConnectedToAgent1();
        Send(_desk1, new BlindTransfer("agent1", new TransferTarget(TransferTargetKind.Agent, "agent2")));
        Assert.Equal("transfer: agent2 is not logged in", _desk1.FishForMessage<CallControlRefused>(_ => true).Message);
        Assert.Equal(agent1, caller.BridgedTo);
        Assert.False(agent1.Ended);
    }

    [Fact]
    public async Task A_blind_transfer_to_a_number_keeps_the_agent_until_it_answers_and_the_history_says_transferred()
    {
        var (caller, agent1) = await ConnectedToAgent1();
        Send(_desk1, new BlindTransfer("agent1", new TransferTarget(TransferTargetKind.Number, "+358201234000")));
        var dial = await _trunks.NextDialAsync();
        Assert.Equal(("+358201234000", "+358401111111"), (dial.Number, dial.Details.Caller));
        // While the number rings the caller is on hold and the agent still on the call, to take the caller back if it fails.
        Next(_desk1, CallState.Held);
        Assert.True(caller.HearsMusicOnHold);
        Assert.False(agent1.Ended);

        var far = new InMemoryCallLeg("far");
        dial.Answer.SetResult(new DialResult(far, "answered"));
        Assert.Equal("transferred to +358201234000", Next(_desk1, CallState.Ended).Reason);
        Assert.True(agent1.Ended);
        AwaitCondition(() => caller.BridgedTo == far);
        AwaitAssert(() => Assert.NotEqual(AgentStatus.Connected, Status("agent1")));
        far.HangUpByParty();
        Assert.Equal("transferred to +358201234000", (await _history.NextAsync()).Outcome);
        Assert.True(caller.Ended);
    }

    [Fact]
    public async Task A_blind_transfer_to_a_number_that_fails_gives_the_caller_back_to_the_agent_saying_why()
    {
        var (caller, agent1) = await ConnectedToAgent1();
        Send(_desk1, new BlindTransfer("agent1", new TransferTarget(TransferTargetKind.Number, "+358201234000")));
        var dial = await _trunks.NextDialAsync();
        dial.Answer.SetResult(new DialResult(null, "486 Busy Here"));

        var back = Next(_desk1, CallState.Connected);
        Assert.Equal("transfer to +358201234000 failed: 486 Busy Here", back.Reason);
        Assert.Equal(agent1, caller.BridgedTo);
        Assert.False(caller.HearsMusicOnHold);
        Assert.False(caller.Ended);
        Assert.Equal(AgentStatus.Connected, Status("agent1"));

        // The agent goes on controlling the call.
        Send(_desk1, new HoldCall("agent1"));
        Next(_desk1, CallState.Held);
    }

    [Fact]
    public async Task An_agent_who_hangs_up_while_a_blind_transfer_rings_leaves_the_caller_to_it()
    {
        var (caller, agent1) = await ConnectedToAgent1();
        Send(_desk1, new BlindTransfer("agent1", new TransferTarget(TransferTargetKind.Number, "+358201234000")));
        var dial = await _trunks.NextDialAsync();
        Next(_desk1, CallState.Held);

        Send(_desk1, new HangUp("agent1"));
        Assert.Equal("transferred to +358201234000", Next(_desk1, CallState.Ended).Reason);
        Assert.True(agent1.Ended);
        Assert.False(caller.Ended);

        var far = new InMemoryCallLeg("far");
        dial.Answer.SetResult(new DialResult(far, "answered"));
        AwaitCondition(() => caller.BridgedTo == far);
    }

    [Fact]
    public async Task A_blind_transfer_that_fails_after_the_agent_left_puts_the_caller_back_in_its_queue()
    {
        var (caller, agent1) = await ConnectedToAgent1();
        Send(_desk1, new BlindTransfer("agent1", new TransferTarget(TransferTargetKind.Number, "+358201234000")));
        var dial = await _trunks.NextDialAsync();
        agent1.HangUpByParty();
        Next(_desk1, CallState.Ended);

        dial.Answer.SetResult(new DialResult(null, "503 No trunk"));
        // Back in support, where agent1 (free again) is offered it.
        var again = await _dialer.NextDialAsync();
        Assert.Equal(("sip:agent1@127.0.0.1:5070", "support"), (again.Device.SipUri, again.Offer.Queue));
        Assert.False(caller.Ended);
        Assert.True(caller.HearsMusicOnHold);
    }

    [Fact]
    public async Task A_consultation_nobody_answers_leaves_the_caller_on_hold_with_the_agent()
    {
        var (caller, agent1) = await ConnectedToAgent1();
        Send(_desk1, new StartConsult("agent1", new TransferTarget(TransferTargetKind.Number, "+358201234000")));
        var dial = await _trunks.NextDialAsync();
        dial.Answer.SetResult(new DialResult(null, "486 Busy Here"));
        Assert.Equal("consult with +358201234000 failed: 486 Busy Here", Next(_desk1, CallState.Held).Reason);
        Assert.True(caller.HearsMusicOnHold);
        Send(_desk1, new UnholdCall("agent1"));
        Next(_desk1, CallState.Connected);
        Assert.Equal(agent1, caller.BridgedTo);
    }

    [Fact]
    public async Task An_outbound_call_rings_the_agent_first_then_the_number_and_is_logged_as_outbound()
    {
        Send(_desk1, new PlaceCall("agent1", "+358401234567"));
        var ring = await _dialer.NextDialAsync();
        Assert.Equal("sip:agent1@127.0.0.1:5070", ring.Device.SipUri);
        Assert.Equal("+358401234567", Next(_desk1, CallState.Ringing).Party);
        // Nothing is dialled out while the agent's own phone rings.
        var dialled = _trunks.NextDialAsync();
        Assert.False(dialled.IsCompleted);

        var agent = new InMemoryCallLeg("agent1-leg");
        ring.Answer.SetResult(new DialResult(agent, "answered"));
        var dial = await dialled;
        Assert.Equal("+358401234567", dial.Number);
        Assert.Equal("+358201234567", dial.Details.Caller);
        var far = new InMemoryCallLeg("far");
        dial.Answer.SetResult(new DialResult(far, "answered"));
        Assert.Equal("outbound", Next(_desk1, CallState.Connected).Direction);
        AwaitCondition(() => agent.BridgedTo == far);

        // A second call while on this one is refused.
        Send(_desk1, new PlaceCall("agent1", "+358409999999"));
        Assert.StartsWith("call: agent1 is already on call out-", _desk1.FishForMessage<CallControlRefused>(_ => true).Message);

        _time.Advance(TimeSpan.FromSeconds(42));
        far.HangUpByParty();
        var entry = await _history.NextAsync();
        Assert.Equal(("+358401234567", "agent1", "outbound"), (entry.Caller, entry.Agent, entry.Outcome));
        Assert.Equal(TimeSpan.FromSeconds(42), entry.TalkTime);
        Assert.True(agent.Ended);
        Assert.Equal("+358401234567 hung up", Next(_desk1, CallState.Ended).Reason);
    }
}

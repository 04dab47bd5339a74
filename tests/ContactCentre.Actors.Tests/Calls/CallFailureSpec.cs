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

namespace ContactCentre.Actors.Tests.Calls;

/// <summary>
/// A call actor that fails (a leg or the media throws inside it) ends the call: it is not restarted with its state
/// lost, its queue ticket is closed as lost with the reason, and the agent it rang or connected is free again.
/// </summary>
[Trait("Category", "Unit")]
public sealed class CallFailureSpec : TestKit
{
    private const string Config = """
        {
          "countryCallingCode": "358",
          "serviceNumbers": [ { "number": "0201234567", "flow": "Demo" } ],
          "queues": [ { "name": "support" } ],
          "agents": [ { "id": "agent1", "queues": [ "support" ] } ],
          "flows": [ { "name": "Demo", "start": "support", "modules": [
            { "type": "queue", "name": "support", "queue": "support", "prompts": [ "queue-support" ] } ] } ]
        }
        """;

    private static readonly DateTimeOffset T0 = new(2026, 11, 27, 9, 0, 0, TimeSpan.Zero);
    private readonly ManualTime _time = new(T0);
    private readonly ScriptedDialer _dialer = new();
    private readonly RecordingHistory _history = new();
    private readonly ScriptedTrunkDialer _trunks = new();
    private readonly ContactCentreConfiguration _config = ConfigurationReader.Parse(Config);
    private readonly ContactCentreActors _actors;
    private readonly TestProbe _desk;

    public CallFailureSpec()
        : base("akka.test.single-expect-default = 15s")
    {
        _actors = ContactCentreActors.Start(Sys, _config, _dialer, _history, _time, _trunks);
        _desk = CreateTestProbe();
        _actors.AgentCalls.Tell(new WatchAgentCalls("agent1", _desk.Ref));
        _actors.Agents["agent1"].Tell(new Login(new AgentDevice("sip:agent1@127.0.0.1:5070")), TestActor);
        Assert.Equal(AgentStatus.Ready, ExpectMsg<AgentStateChanged>().Status);
    }

    private AgentStatus Status()
    {
        _actors.Agents["agent1"].Tell(new GetPresence(), TestActor);
        return ExpectMsg<AgentPresence>().Status;
    }

    private QueueState Support()
    {
        _actors.Queues["support"].Tell(new GetWaiting(), TestActor);
        return ExpectMsg<QueueState>();
    }

    [Fact]
    public async Task A_call_that_fails_as_the_agent_answers_closes_its_ticket_as_lost_frees_the_agent_and_is_not_restarted()
    {
        var caller = new InMemoryCallLeg("caller");
        _actors.StartCall(caller, _config.Flows["Demo"], new CallInfo("call-1", "+358201234567", "+358401111111", T0));
        var dial = await _dialer.NextDialAsync();
        AwaitAssert(() => Assert.Equal(AgentStatus.Connecting, Status()));

        // The media cannot bridge the two: the call actor throws in the middle of connecting them.
        caller.Fails = new InvalidOperationException("media session gone");
        var agentLeg = new InMemoryCallLeg("agent1-leg");
        dial.Answer.SetResult(new DialResult(agentLeg, "answered"));

        AwaitCondition(() => caller.Ended && agentLeg.Ended);
        Assert.Equal(CallState.Ended, _desk.FishForMessage<AgentCallUpdate>(u => u.State == CallState.Ended).State);
        AwaitAssert(() =>
        {
            var support = Support();
            Assert.Empty(support.Waiting);
            Assert.Equal((1, 0, 0), (support.Statistics.Lost, support.Statistics.Answered, support.Statistics.Abandoned));
        });
        // Not stuck Connecting (nor Connected): the agent takes calls again.
        AwaitAssert(() => Assert.Equal(AgentStatus.Ready, Status()));
        // A restarted call would have run its flow again: the queue prompts once more, and a new ticket.
        Assert.Single(caller.Played);
        Assert.Empty(Support().Waiting);
        var entry = await _history.NextAsync();
        Assert.Contains("media session gone", entry.Outcome, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_connected_call_that_fails_sends_the_agent_to_after_call_work_not_left_connected()
    {
        var caller = new InMemoryCallLeg("caller");
        _actors.StartCall(caller, _config.Flows["Demo"], new CallInfo("call-1", "+358201234567", "+358401111111", T0));
        var dial = await _dialer.NextDialAsync();
        var agentLeg = new InMemoryCallLeg("agent1-leg");
        dial.Answer.SetResult(new DialResult(agentLeg, "answered"));
        _desk.FishForMessage<AgentCallUpdate>(u => u.State == CallState.Connected);
        AwaitAssert(() => Assert.Equal(AgentStatus.Connected, Status()));

        caller.Fails = new InvalidOperationException("music on hold unavailable");
        _actors.AgentCalls.Tell(new HoldCall("agent1"), _desk.Ref);

        AwaitCondition(() => caller.Ended && agentLeg.Ended);
        _desk.FishForMessage<AgentCallUpdate>(u => u.State == CallState.Ended);
        // The support queue has no wrap-up time: the agent is Ready at once.
        AwaitAssert(() => Assert.Equal(AgentStatus.Ready, Status()));
        Assert.Equal("agent1", (await _history.NextAsync()).Agent);
        // Its call control no longer goes to the failed call.
        _actors.AgentCalls.Tell(new HangUp("agent1"), _desk.Ref);
        Assert.Equal("hangup: agent1 has no call", _desk.FishForMessage<CallControlRefused>(_ => true).Message);
    }

    [Fact]
    public async Task An_outbound_call_that_fails_ends_frees_its_agent_and_is_not_placed_again()
    {
        _actors.AgentCalls.Tell(new PlaceCall("agent1", "+358401234567"), _desk.Ref);
        var ring = await _dialer.NextDialAsync();
        var agentLeg = new InMemoryCallLeg("agent1-leg");
        ring.Answer.SetResult(new DialResult(agentLeg, "answered"));
        var dial = await _trunks.NextDialAsync();
        AwaitAssert(() => Assert.Equal(AgentStatus.Busy, Status()));

        // The media cannot bridge the agent to the number that answered.
        agentLeg.Fails = new InvalidOperationException("media session gone");
        var far = new InMemoryCallLeg("far");
        dial.Answer.SetResult(new DialResult(far, "answered"));

        AwaitCondition(() => agentLeg.Ended && far.Ended);
        _desk.FishForMessage<AgentCallUpdate>(u => u.State == CallState.Ended);
        AwaitAssert(() => Assert.Equal(AgentStatus.Ready, Status()));
        // A restarted outbound call would ring the agent's device again for a call nobody asked for.
        Assert.False(_dialer.Dials.Reader.TryRead(out _));
        // The agent is free to call again.
        _actors.AgentCalls.Tell(new PlaceCall("agent1", "+358401234567"), _desk.Ref);
        Assert.Equal("sip:agent1@127.0.0.1:5070", (await _dialer.NextDialAsync()).Device.SipUri);
    }
}

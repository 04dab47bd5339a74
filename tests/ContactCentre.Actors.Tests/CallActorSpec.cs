using Akka.TestKit.Xunit2;
using ContactCentre.Actors.Agents;
using ContactCentre.Actors.Calls;
using ContactCentre.Actors.Ports;
using ContactCentre.Actors.Queues;
using ContactCentre.Domain.Agents;
using ContactCentre.Domain.Configuration;
using ContactCentre.Domain.Queues;

namespace ContactCentre.Actors.Tests;

[Trait("Category", "Unit")]
public sealed class CallActorSpec : TestKit
{
    private const string Config = """
        {
          "countryCallingCode": "358",
          "serviceNumbers": [ { "number": "0201234567", "flow": "Demo" } ],
          "queues": [ { "name": "support" }, { "name": "sales" } ],
          "agents": [ { "id": "agent1", "queues": [ "support" ] } ],
          "flows": [ { "name": "Demo", "start": "welcome", "modules": [
            { "type": "message", "name": "welcome", "prompts": [ "welcome" ], "next": "menu" },
            { "type": "menu", "name": "menu", "prompts": [ "menu" ], "options": { "1": "support", "2": "sales" }, "onFailure": "bye" },
            { "type": "queue", "name": "support", "queue": "support", "prompts": [ "queue-support" ] },
            { "type": "queue", "name": "sales", "queue": "sales", "prompts": [ "queue-sales" ] },
            { "type": "hangup", "name": "bye" } ] } ]
        }
        """;

    private static readonly DateTimeOffset T0 = new(2026, 11, 27, 9, 0, 0, TimeSpan.Zero);
    private readonly ManualTime _time = new(T0);
    private readonly ScriptedDialer _dialer = new();
    private readonly RecordingHistory _history = new();
    private readonly ContactCentreConfiguration _config = ConfigurationReader.Parse(Config);
    private readonly ContactCentreActors _actors;

    public CallActorSpec()
    {
        _actors = ContactCentreActors.Start(Sys, _config, _dialer, _history, _time);
    }

    private InMemoryCallLeg CallerInSupportQueue()
    {
        var caller = new InMemoryCallLeg("caller");
        _actors.StartCall(caller, _config.Flows["Demo"], new CallInfo("call-1", "+358201234567", "+358401111111", T0));
        AwaitCondition(() => caller.Played.Count == 1);
        caller.FinishPrompts();
        AwaitCondition(() => caller.Played.Count == 2);
        caller.Press('1');
        AwaitCondition(() => caller.Played.Count == 3);
        Assert.Equal([["welcome"], ["menu"], ["queue-support"]], caller.Played.ToArray());
        return caller;
    }

    private void LogIn(string agent)
    {
        _actors.Agents[agent].Tell(new Login(new AgentDevice("sip:agent1@127.0.0.1:5070")), TestActor);
        Assert.Equal(AgentStatus.Ready, ExpectMsg<AgentStateChanged>().Status);
    }

    [Fact]
    public async Task A_caller_who_presses_1_is_offered_to_the_agent_bridged_and_logged_in_history()
    {
        LogIn("agent1");
        var caller = CallerInSupportQueue();

        var dial = await _dialer.NextDialAsync();
        Assert.Equal("sip:agent1@127.0.0.1:5070", dial.Device.SipUri);
        Assert.Equal("support", dial.Offer.Queue);
        _time.Advance(TimeSpan.FromSeconds(12));
        var agentLeg = new InMemoryCallLeg("agent");
        dial.Answer.SetResult(new DialResult(agentLeg, "answered"));
        AwaitCondition(() => caller.BridgedTo == agentLeg);

        _actors.Agents["agent1"].Tell(new GetPresence(), TestActor);
        Assert.Equal(AgentStatus.Connected, ExpectMsg<AgentPresence>().Status);

        _time.Advance(TimeSpan.FromSeconds(30));
        caller.HangUpByParty();
        var entry = await _history.NextAsync();
        Assert.Equal(("support", "agent1", "answered"), (entry.Queue, entry.Agent, entry.Outcome));
        Assert.Equal(TimeSpan.FromSeconds(12), entry.WaitTime);
        Assert.Equal(TimeSpan.FromSeconds(30), entry.TalkTime);
        Assert.True(agentLeg.Ended);

        AwaitAssert(() =>
        {
            _actors.Agents["agent1"].Tell(new GetPresence(), TestActor);
            Assert.Equal(AgentStatus.Ready, ExpectMsg<AgentPresence>().Status);
        });
        _actors.Queues["support"].Tell(new GetWaiting(), TestActor);
        Assert.Empty(ExpectMsg<QueueState>().Waiting);
    }

    [Fact]
    public async Task An_unanswered_offer_puts_the_agent_in_no_answer_and_the_call_waits_on()
    {
        LogIn("agent1");
        var caller = CallerInSupportQueue();
        var dial = await _dialer.NextDialAsync();
        dial.Answer.SetResult(new DialResult(null, "408 Request Timeout"));

        AwaitAssert(() =>
        {
            _actors.Agents["agent1"].Tell(new GetPresence(), TestActor);
            Assert.Equal(AgentStatus.NoAnswer, ExpectMsg<AgentPresence>().Status);
        });
        _actors.Queues["support"].Tell(new GetWaiting(), TestActor);
        Assert.Single(ExpectMsg<QueueState>().Waiting);

        // The agent makes itself ready again: the waiting call rings again.
        _actors.Agents["agent1"].Tell(new SetReady(), TestActor);
        var again = await _dialer.NextDialAsync();
        Assert.Equal("call-1", again.Offer.CallId);
        caller.HangUpByParty();
        Assert.Equal("abandoned", (await _history.NextAsync()).Outcome);
    }

    [Fact]
    public async Task A_caller_who_hangs_up_while_waiting_is_abandoned_and_leaves_the_queue()
    {
        var caller = CallerInSupportQueue();
        _time.Advance(TimeSpan.FromSeconds(40));
        caller.HangUpByParty();
        var entry = await _history.NextAsync();
        Assert.Equal("abandoned", entry.Outcome);
        Assert.Equal(TimeSpan.FromSeconds(40), entry.WaitTime);
        AwaitAssert(() =>
        {
            _actors.Queues["support"].Tell(new GetWaiting(), TestActor);
            Assert.Empty(ExpectMsg<QueueState>().Waiting);
        });
    }
}

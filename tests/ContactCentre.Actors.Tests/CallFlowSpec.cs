using System.Threading.Channels;
using Akka.TestKit.Xunit2;
using ContactCentre.Actors.Agents;
using ContactCentre.Actors.Calls;
using ContactCentre.Actors.Ports;
using ContactCentre.Actors.Queues;
using ContactCentre.Domain.Agents;
using ContactCentre.Domain.Configuration;
using ContactCentre.Domain.Flows;
using ContactCentre.Domain.Queues;

namespace ContactCentre.Actors.Tests;

/// <summary>The call actor carrying out what a flow decides: transfers, other flows, barge-in, variables for the agent.</summary>
[Trait("Category", "Unit")]
public sealed class CallFlowSpec : TestKit
{
    private const string Config = """
        {
          "countryCallingCode": "358",
          "serviceNumbers": [ { "number": "0201234567", "flow": "Main" }, { "number": "0201234568", "flow": "Strict" } ],
          "queues": [ { "name": "support" }, { "name": "sales" } ],
          "agents": [ { "id": "agent1", "queues": [ "support" ] } ],
          "trunks": [ { "name": "carrier", "inboundAddresses": [ "192.0.2.1" ], "outboundProxy": "192.0.2.1:5060" } ],
          "flows": [
            { "name": "Main", "start": "menu", "modules": [
              { "type": "menu", "name": "menu", "prompts": [ "menu" ], "bargeIn": true,
                "options": { "1": "member", "2": "out", "3": "other" }, "onFailure": "bye" },
              { "type": "input", "name": "member", "prompts": [ "enter-member-number" ], "variable": "membershipNumber",
                "length": 4, "readBack": false, "done": "support", "failed": "bye" },
              { "type": "queue", "name": "support", "queue": "support", "prompts": [ "queue-support" ] },
              { "type": "message", "name": "out", "prompts": [ "transferring" ], "transferTo": "+358201234000", "trunk": "carrier" },
              { "type": "goto", "name": "other", "flow": "Sales" },
              { "type": "hangup", "name": "bye" } ] },
            { "name": "Sales", "start": "welcome", "modules": [
              { "type": "message", "name": "welcome", "prompts": [ "sales-welcome" ], "queue": "sales" } ] },
            { "name": "Strict", "start": "menu", "modules": [
              { "type": "menu", "name": "menu", "prompts": [ "menu" ], "bargeIn": false, "options": { "1": "sales", "2": "bye" }, "onFailure": "bye" },
              { "type": "queue", "name": "sales", "queue": "sales", "prompts": [ "queue-sales" ] },
              { "type": "hangup", "name": "bye" } ] } ]
        }
        """;

    private static readonly DateTimeOffset T0 = new(2026, 11, 27, 9, 0, 0, TimeSpan.Zero);
    private readonly ManualTime _time = new(T0);
    private readonly ScriptedDialer _dialer = new();
    private readonly ScriptedTrunkDialer _trunks = new();
    private readonly RecordingHistory _history = new();
    private readonly ContactCentreConfiguration _config = ConfigurationReader.Parse(Config);
    private readonly ContactCentreActors _actors;

    public CallFlowSpec()
    {
        _actors = ContactCentreActors.Start(Sys, _config, _dialer, _history, _time, _trunks);
    }

    private InMemoryCallLeg Call(string flow, bool otherFlows = true)
    {
        var caller = new InMemoryCallLeg("caller");
        _actors.StartCall(caller, _config.Flows[flow], new CallInfo("call-1", "+358201234567", "+358401111111", T0),
            otherFlows ? name => _config.Flows.GetValueOrDefault(name) : null);
        AwaitCondition(() => caller.Played.Count == 1);
        return caller;
    }

    [Fact]
    public async Task A_transfer_dials_the_number_through_the_named_trunk_and_bridges_the_caller_with_the_far_end()
    {
        var caller = Call("Main");
        caller.Press('2');
        AwaitCondition(() => caller.Played.Count == 2);
        caller.FinishPrompts();

        var dial = await _trunks.NextDialAsync();
        Assert.Equal(("+358201234000", "carrier", "+358401111111"), (dial.Number, dial.Trunk, dial.Details.Caller));
        var farEnd = new InMemoryCallLeg("far-end");
        dial.Answer.SetResult(new DialResult(farEnd, "answered"));
        AwaitCondition(() => caller.BridgedTo == farEnd);

        farEnd.HangUpByParty();
        var entry = await _history.NextAsync();
        Assert.Equal("transferred to +358201234000", entry.Outcome);
        Assert.True(caller.Ended);
    }

    [Fact]
    public async Task A_transfer_the_far_end_refuses_hangs_up_the_caller_saying_why()
    {
        var caller = Call("Main");
        caller.Press('2');
        AwaitCondition(() => caller.Played.Count == 2);
        caller.FinishPrompts();

        (await _trunks.NextDialAsync()).Answer.SetResult(new DialResult(null, "486 Busy Here"));

        var entry = await _history.NextAsync();
        Assert.Equal("transfer to +358201234000 failed: 486 Busy Here", entry.Outcome);
        Assert.True(caller.Ended);
        Assert.Null(caller.BridgedTo);
    }

    [Fact]
    public void A_go_to_another_flow_continues_there()
    {
        var caller = Call("Main");
        caller.Press('3');
        AwaitCondition(() => caller.Played.Count == 2);
        Assert.Equal(["sales-welcome"], caller.Played.Last());
        caller.FinishPrompts();

        AwaitAssert(() =>
        {
            _actors.Queues["sales"].Tell(new GetWaiting(), TestActor);
            Assert.Single(ExpectMsg<QueueState>().Waiting);
        });
        caller.HangUpByParty();
    }

    [Fact]
    public async Task A_go_to_another_flow_without_the_flows_hangs_up_naming_the_flow()
    {
        var caller = Call("Main", otherFlows: false);
        caller.Press('3');
        var entry = await _history.NextAsync();
        Assert.Contains("unknown flow 'Sales'", entry.Outcome);
        Assert.True(caller.Ended);
    }

    [Fact]
    public void The_membership_number_an_input_collected_comes_with_the_agents_offer()
    {
        _actors.Agents["agent1"].Tell(new Subscribe(TestActor), TestActor);
        _actors.Agents["agent1"].Tell(new Login(new AgentDevice("sip:agent1@127.0.0.1:5070")), TestActor);
        var caller = Call("Main");
        caller.Press('1');
        AwaitCondition(() => caller.Played.Count == 2);
        foreach (var digit in "1234") caller.Press(digit);

        var offer = FishForMessage<AgentOffered>(_ => true, TimeSpan.FromSeconds(5));
        Assert.Equal("support", offer.Queue);
        Assert.Equal(new Dictionary<string, string> { ["membershipNumber"] = "1234" }, offer.Variables);
        caller.HangUpByParty();
    }

    [Fact]
    public void A_digit_during_a_barge_in_prompt_stops_it_and_counts()
    {
        var caller = Call("Main");
        caller.Press('1');
        AwaitCondition(() => caller.Played.Count == 2);
        Assert.Equal(["enter-member-number"], caller.Played.Last());
        Assert.Equal(1, caller.Stops);
        caller.HangUpByParty();
    }

    [Fact]
    public void A_digit_during_a_prompt_without_barge_in_is_ignored()
    {
        var caller = Call("Strict");
        caller.Press('2');
        caller.FinishPrompts();
        caller.Press('1');

        AwaitCondition(() => caller.Played.Count == 2);
        Assert.Equal(["queue-sales"], caller.Played.Last());
        Assert.False(caller.Ended);
        caller.HangUpByParty();
    }
}

/// <summary>Dials transfers by handing each to the test, which answers or refuses it.</summary>
internal sealed class ScriptedTrunkDialer : ITrunkDialer
{
    private readonly Channel<(string Number, string? Trunk, TransferDetails Details, TaskCompletionSource<DialResult> Answer)> _dials =
        Channel.CreateUnbounded<(string, string?, TransferDetails, TaskCompletionSource<DialResult>)>();

    public Task<DialResult> DialAsync(string number, string? trunk, TransferDetails details, CancellationToken cancel)
    {
        var answer = new TaskCompletionSource<DialResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        cancel.Register(() => answer.TrySetResult(new DialResult(null, "cancelled")));
        _dials.Writer.TryWrite((number, trunk, details, answer));
        return answer.Task;
    }

    public async Task<(string Number, string? Trunk, TransferDetails Details, TaskCompletionSource<DialResult> Answer)> NextDialAsync() =>
        await _dials.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(5));
}

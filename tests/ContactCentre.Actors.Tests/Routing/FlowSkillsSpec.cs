using Akka.TestKit.Xunit2;
using ContactCentre.Actors.Agents;
using ContactCentre.Actors.Calls;
using ContactCentre.Actors.Ports;
using ContactCentre.Domain.Agents;
using ContactCentre.Domain.Configuration;

namespace ContactCentre.Actors.Tests.Routing;

/// <summary>The skills a flow's queue module names reach the router: the call goes only to an agent who has them.</summary>
[Trait("Category", "Unit")]
public sealed class FlowSkillsSpec : TestKit
{
    private const string Config = """
        {
          "countryCallingCode": "358",
          "serviceNumbers": [ { "number": "0201234567", "flow": "Demo" } ],
          "queues": [ { "name": "support" } ],
          "agents": [
            { "id": "anna", "queues": [ "support" ] },
            { "id": "britt", "queues": [ "support" ], "skills": { "swedish": 2 } } ],
          "flows": [ { "name": "Demo", "start": "menu", "modules": [
            { "type": "menu", "name": "menu", "prompts": [ "menu" ], "options": { "1": "finnish", "2": "swedish" }, "onFailure": "bye" },
            { "type": "queue", "name": "finnish", "queue": "support" },
            { "type": "queue", "name": "swedish", "queue": "support", "skills": [ "swedish" ] },
            { "type": "hangup", "name": "bye" } ] } ]
        }
        """;

    private static readonly DateTimeOffset T0 = new(2026, 11, 27, 9, 0, 0, TimeSpan.Zero);
    private readonly ManualTime _time = new(T0);
    private readonly ScriptedDialer _dialer = new();
    private readonly ContactCentreConfiguration _config = ConfigurationReader.Parse(Config);
    private readonly ContactCentreActors _actors;

    public FlowSkillsSpec()
    {
        _actors = ContactCentreActors.Start(Sys, _config, _dialer, new RecordingHistory(), _time);
        // Anna logs in first, so she has been idle longest: without skills she is the one offered.
        LogIn("anna");
        _time.Advance(TimeSpan.FromSeconds(60));
        LogIn("britt");
    }

    private void LogIn(string agent)
    {
        _actors.Agents[agent].Tell(new Login(new AgentDevice($"sip:{agent}@127.0.0.1:5070")), TestActor);
        Assert.Equal(AgentStatus.Ready, ExpectMsg<AgentStateChanged>().Status);
    }

    private void CallerChooses(char key)
    {
        var caller = new InMemoryCallLeg("caller");
        _actors.StartCall(caller, _config.Flows["Demo"], new CallInfo("call-1", "+358201234567", "+358401111111", T0));
        AwaitCondition(() => caller.Played.Count == 1);
        caller.Press(key);
    }

    [Fact]
    public async Task A_caller_who_chooses_the_swedish_module_rings_the_agent_who_speaks_swedish()
    {
        CallerChooses('2');
        Assert.Equal("sip:britt@127.0.0.1:5070", (await _dialer.NextDialAsync()).Device.SipUri);
    }

    [Fact]
    public async Task A_caller_of_a_module_without_skills_rings_the_agent_idle_longest()
    {
        CallerChooses('1');
        Assert.Equal("sip:anna@127.0.0.1:5070", (await _dialer.NextDialAsync()).Device.SipUri);
    }

    [Fact]
    public async Task A_call_back_in_its_queue_after_a_transfer_that_failed_still_needs_its_skills()
    {
        // Carl (no Swedish) will have waited longest of the free agents; Dora speaks some Swedish.
        var config = ConfigurationReader.Parse(Config.Replace("""
            { "id": "britt", "queues": [ "support" ], "skills": { "swedish": 2 } } ],
            """, """
            { "id": "britt", "queues": [ "support" ], "skills": { "swedish": 2 } },
            { "id": "carl", "queues": [ "support" ] },
            { "id": "dora", "queues": [ "support" ], "skills": { "swedish": 1 } } ],
            """));
        var system = Akka.Actor.ActorSystem.Create("skills-requeue", Sys.Settings.Config);
        try
        {
            var dialer = new ScriptedDialer();
            var actors = ContactCentreActors.Start(system, config, dialer, new RecordingHistory(), _time);
            foreach (var agent in new[] { "anna", "carl", "britt", "dora" })
            {
                actors.Agents[agent].Tell(new Login(new AgentDevice($"sip:{agent}@127.0.0.1:5070")), TestActor);
                Assert.Equal(AgentStatus.Ready, ExpectMsg<AgentStateChanged>().Status);
                _time.Advance(TimeSpan.FromSeconds(60));
            }
            var caller = new InMemoryCallLeg("caller");
            actors.StartCall(caller, config.Flows["Demo"], new CallInfo("call-2", "+358201234567", "+358401111111", T0));
            AwaitCondition(() => caller.Played.Count == 1);
            caller.Press('2');

            var britt = await dialer.NextDialAsync();
            Assert.Equal("sip:britt@127.0.0.1:5070", britt.Device.SipUri);
            britt.Answer.SetResult(new DialResult(new InMemoryCallLeg("britt"), "answered"));
            AwaitCondition(() => caller.BridgedTo is not null);
            actors.AgentCalls.Tell(new BlindTransfer("britt", new TransferTarget(TransferTargetKind.Agent, "anna")), TestActor);
            var anna = await dialer.NextDialAsync();
            Assert.Equal("sip:anna@127.0.0.1:5070", anna.Device.SipUri);
            anna.Answer.SetResult(new DialResult(null, "486 Busy Here"));

            // Back in support it needs Swedish again: Dora, or Britt if her end of the call has reached the router (she has
            // no wrap-up here), never Carl.
            Assert.Contains((await dialer.NextDialAsync()).Device.SipUri, new[] { "sip:britt@127.0.0.1:5070", "sip:dora@127.0.0.1:5070" });
        }
        finally
        {
            await system.Terminate();
        }
    }
}

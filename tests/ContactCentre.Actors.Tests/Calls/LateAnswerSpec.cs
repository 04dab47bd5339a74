using System.Threading.Channels;
using Akka.TestKit.Xunit2;
using ContactCentre.Actors.Agents;
using ContactCentre.Actors.Calls;
using ContactCentre.Actors.Ports;
using ContactCentre.Domain.Agents;
using ContactCentre.Domain.Configuration;

namespace ContactCentre.Actors.Tests.Calls;

/// <summary>
/// A leg that answers after its call actor stopped (a 200 OK crossing the CANCEL as the call fails or the host stops)
/// reaches no actor: it is hung up rather than left connected to nobody.
/// </summary>
[Trait("Category", "Unit")]
public sealed class LateAnswerSpec : TestKit
{
    private const string Config = """
        {
          "countryCallingCode": "358",
          "serviceNumbers": [ { "number": "0201234567", "flow": "Demo" } ],
          "queues": [ { "name": "support" } ],
          "agents": [ { "id": "agent1", "queues": [ "support" ] } ],
          "flows": [ { "name": "Demo", "start": "support", "modules": [ { "type": "queue", "name": "support", "queue": "support" } ] } ]
        }
        """;

    /// <summary>A phone that answers whatever the caller does: cancelling does not stop its answer.</summary>
    private sealed class AnswersAnywayDialer : IAgentDialer
    {
        public Channel<TaskCompletionSource<DialResult>> Dials { get; } = Channel.CreateUnbounded<TaskCompletionSource<DialResult>>();

        public Task<DialResult> DialAsync(AgentDevice device, OfferDetails offer, CancellationToken cancel)
        {
            var answer = new TaskCompletionSource<DialResult>(TaskCreationOptions.RunContinuationsAsynchronously);
            Dials.Writer.TryWrite(answer);
            return answer.Task;
        }
    }

    [Fact]
    public async Task A_leg_answered_after_the_call_actor_stopped_is_hung_up()
    {
        var config = ConfigurationReader.Parse(Config);
        var dialer = new AnswersAnywayDialer();
        var actors = ContactCentreActors.Start(Sys, config, dialer, new RecordingHistory(), new ManualTime(new DateTimeOffset(2026, 11, 28, 9, 0, 0, TimeSpan.Zero)));
        actors.Agents["agent1"].Tell(new Login(new AgentDevice("sip:agent1@127.0.0.1:5070")), TestActor);
        Assert.Equal(AgentStatus.Ready, ExpectMsg<AgentStateChanged>().Status);

        var caller = new InMemoryCallLeg("caller");
        var call = actors.StartCall(caller, config.Flows["Demo"], new CallInfo("call-1", "+358201234567", "+358401111111", DateTimeOffset.UtcNow));
        var ringing = await dialer.Dials.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        Watch(call);
        Sys.Stop(call);
        ExpectTerminated(call);

        var agentLeg = new InMemoryCallLeg("agent");
        ringing.SetResult(new DialResult(agentLeg, "answered"));
        AwaitCondition(() => agentLeg.Ended, TimeSpan.FromSeconds(10));
    }
}

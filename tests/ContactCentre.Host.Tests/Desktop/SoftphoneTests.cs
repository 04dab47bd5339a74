using ContactCentre.Media;
using ContactCentre.Simulator.Agents;
using ContactCentre.Simulator.Callers;
using ContactCentre.Simulator.Phones;

namespace ContactCentre.Host.Tests.Desktop;

/// <summary>
/// The agent's softphone on the wire (docs/agent-protocol.md, "Softphone"): a real host, simulated SIP callers, and
/// agents whose desktop WebSocket rings a WebRTC softphone (ICE, DTLS-SRTP) on 127.0.0.1. Agent1 and agent2 serve
/// support (agent1 logs in first, so it is the longest idle); the trunk "carrier" dials out to a simulated phone.
/// </summary>
[Trait("Category", "Integration")]
public sealed class SoftphoneTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    private async Task<RunningContactCentre> StartAsync(SimulatedPhone? farEnd = null)
    {
        var proxy = farEnd is null ? "" : $", \"outboundProxy\": \"127.0.0.1:{farEnd.SipEndPoint.Port}\"";
        return await RunningContactCentre.StartWithConfigurationAsync($$"""
            {
              "countryCallingCode": "358",
              "serviceNumbers": [ { "number": "0201234567", "flow": "Front" } ],
              "queues": [ { "name": "support" } ],
              "agents": [ { "id": "agent1", "queues": [ "support" ], "desktopPassword": "agent1-desk" },
                          { "id": "agent2", "queues": [ "support" ], "desktopPassword": "agent2-desk" } ],
              "trunks": [ { "name": "carrier", "inboundAddresses": [ "127.0.0.1" ]{{proxy}} } ],
              "flows": [ { "name": "Front", "start": "support", "modules": [
                { "type": "queue", "name": "support", "queue": "support", "prompts": [ "queue-support" ] } ] } ]
            }
            """);
    }

    private static async Task<SimulatedSoftphoneAgent> AgentAsync(RunningContactCentre centre, string id, double toneHz, bool answersInbound = true)
    {
        var agent = await SimulatedSoftphoneAgent.StartAsync(id, centre.PasswordOf(id), centre.Desktop);
        agent.AnswersInbound = answersInbound;
        agent.SpeaksWith(() => new ToneSource(toneHz));
        await agent.LogInAsync();
        return agent;
    }

    private static async Task<string> ErrorAsync(DesktopClient desktop) =>
        (await desktop.NextAsync("error", Wait)).GetProperty("message").GetString()!;

    [Fact]
    public async Task A_softphone_rings_is_offered_and_answered_and_caller_and_agent_hear_each_other_until_the_desktop_hangs_up()
    {
        await using var centre = await StartAsync();
        await using var agent = await AgentAsync(centre, "agent1", 600, answersInbound: false);
        await using var caller = await SimulatedCaller.StartAsync("+358401234567");
        var call = await caller.CallAsync(centre.Host.SipEndPoint, "0201234567");
        call.SayTone(1000);

        var ring = await agent.Desktop.NextRingAsync(Wait);
        Assert.Equal(("+358401234567", "support", "inbound"), (ring.Party, ring.Queue, ring.Direction));
        var softphone = await agent.AnswerAsync(ring);
        Assert.Equal("answered", (await agent.Desktop.NextRingAsync(Wait, "answered")).State);
        Assert.Equal("+358401234567", (await agent.WaitForCallAsync("connected", Wait)).Party);

        Assert.True(await call.Heard.WaitForToneAsync(600, Wait), "the caller did not hear the agent's 600 Hz tone over the softphone");
        Assert.True(await softphone.Heard.WaitForToneAsync(1000, Wait), "the agent's softphone did not hear the caller's 1000 Hz tone");

        await agent.Desktop.HangUpAsync();
        Assert.Equal("agent hung up", (await agent.WaitForCallAsync("ended", Wait)).Reason);
        Assert.Equal("remote BYE", await call.Ended.WaitAsync(Wait));
    }

    [Fact]
    public async Task Mute_silences_the_softphone_for_the_caller_and_hold_gives_the_caller_music()
    {
        await using var centre = await StartAsync();
        await using var agent = await AgentAsync(centre, "agent1", 600);
        await using var caller = await SimulatedCaller.StartAsync("+358401234567");
        var call = await caller.CallAsync(centre.Host.SipEndPoint, "0201234567");
        var softphone = await agent.NextCallAsync(Wait);
        await agent.WaitForCallAsync("connected", Wait);
        Assert.True(await call.Heard.WaitForToneAsync(600, Wait), "the caller did not hear the agent's 600 Hz tone");

        var quiet = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        call.Media.AudioReceived += _ =>
        {
            if (call.Heard.ToneShare(600, TimeSpan.FromMilliseconds(200)) < 0.05) quiet.TrySetResult();
        };
        await agent.Desktop.MuteAsync();
        await agent.Desktop.NextAsync("call", Wait, m => m.GetProperty("muted").GetBoolean());
        await quiet.Task.WaitAsync(Wait);
        await agent.Desktop.UnmuteAsync();
        Assert.True(await call.Heard.WaitForToneAsync(600, Wait), "after unmute the caller did not hear the softphone");

        await agent.Desktop.HoldAsync();
        await agent.WaitForCallAsync("held", Wait);
        Assert.True(await call.Heard.WaitForToneAsync(ContactCentre.Host.Calls.PromptLibrary.BuiltInMusicOnHoldHz[0], Wait), "the caller did not hear music on hold");
        await agent.Desktop.UnholdAsync();
        await agent.WaitForCallAsync("connected", Wait);
        Assert.True(await call.Heard.WaitForToneAsync(600, Wait), "after unhold the caller did not hear the softphone");
    }

    [Fact]
    public async Task A_call_transferred_to_an_agent_on_the_softphone_rings_it_and_the_caller_hears_that_agent()
    {
        await using var centre = await StartAsync();
        await using var agent1 = await SimulatedAgent.StartAsync("agent1", centre.PasswordOf("agent1"), centre.Desktop);
        agent1.SpeaksWith(() => new ToneSource(600));
        await agent1.LogInAsync();
        await using var agent2 = await AgentAsync(centre, "agent2", 800);
        await using var caller = await SimulatedCaller.StartAsync("+358401234567");
        var call = await caller.CallAsync(centre.Host.SipEndPoint, "0201234567");
        await agent1.NextCallAsync(Wait);
        Assert.True(await call.Heard.WaitForToneAsync(600, Wait), "the caller did not hear agent1's external phone");

        await agent1.Desktop.TransferToAgentAsync("agent2");
        var ring = await agent2.Desktop.NextRingAsync(Wait);
        Assert.Equal(("+358401234567", "inbound"), (ring.Party, ring.Direction));
        var softphone = await agent2.NextCallAsync(Wait);
        call.SayTone(1000);
        Assert.True(await call.Heard.WaitForToneAsync(800, Wait), "the caller did not hear agent2's softphone after the transfer");
        Assert.True(await softphone.Heard.WaitForToneAsync(1000, Wait), "agent2's softphone did not hear the caller");
    }

    [Fact]
    public async Task A_caller_who_hangs_up_while_the_softphone_rings_ends_the_ring_and_the_late_answer_gets_an_error()
    {
        await using var centre = await StartAsync();
        await using var agent = await AgentAsync(centre, "agent1", 600, answersInbound: false);
        await using var caller = await SimulatedCaller.StartAsync("+358401234567");
        var call = await caller.CallAsync(centre.Host.SipEndPoint, "0201234567");
        var ring = await agent.Desktop.NextRingAsync(Wait);
        await using var softphone = await agent.Desktop.ConnectSoftphoneAsync(ring, Wait);

        await call.HangUpAsync();
        var ended = await agent.Desktop.NextRingAsync(Wait, "ended");
        Assert.Equal((ring.Call, "cancelled"), (ended.Call, ended.Reason));
        await agent.Desktop.AnswerAsync(ring.Call);
        Assert.Equal("answer: agent1 has no call", await ErrorAsync(agent.Desktop));
    }

    [Fact]
    public async Task A_rejected_softphone_offer_goes_to_the_next_agent_and_the_first_becomes_no_answer()
    {
        await using var centre = await StartAsync();
        await using var agent1 = await AgentAsync(centre, "agent1", 600, answersInbound: false);
        await using var agent2 = await AgentAsync(centre, "agent2", 800);
        await using var caller = await SimulatedCaller.StartAsync("+358401234567");
        var call = await caller.CallAsync(centre.Host.SipEndPoint, "0201234567");

        var ring = await agent1.Desktop.NextRingAsync(Wait);
        await agent1.Desktop.RejectAsync(ring.Call);
        Assert.Equal("rejected", (await agent1.Desktop.NextRingAsync(Wait, "ended")).Reason);
        await agent1.Desktop.NextAsync("state", Wait, m => m.GetProperty("state").GetString() == "NoAnswer");

        await agent2.NextCallAsync(Wait);
        Assert.True(await call.Heard.WaitForToneAsync(800, Wait), "the caller did not hear agent2 after agent1 rejected");
    }

    [Fact]
    public async Task Answer_before_the_softphones_offer_bad_sdp_and_an_offer_for_another_call_get_errors_and_the_call_still_rings()
    {
        await using var centre = await StartAsync();
        await using var agent = await AgentAsync(centre, "agent1", 600, answersInbound: false);
        await using var caller = await SimulatedCaller.StartAsync("+358401234567");
        var call = await caller.CallAsync(centre.Host.SipEndPoint, "0201234567");

        var ring = await agent.Desktop.NextRingAsync(Wait);
        await agent.Desktop.AnswerAsync(ring.Call);
        Assert.Equal("answer: send webrtcOffer with the softphone's SDP first", await ErrorAsync(agent.Desktop));
        await agent.Desktop.WebRtcOfferAsync(ring.Call, "v=0\r\ns=-\r\n");
        Assert.Equal("webrtcOffer: field 'sdp': The SDP has no audio m-line.", await ErrorAsync(agent.Desktop));
        await agent.Desktop.WebRtcOfferAsync("no-such-call", "v=0\r\n");
        Assert.Equal("webrtcOffer: field 'call': call 'no-such-call' is not ringing agent1's softphone", await ErrorAsync(agent.Desktop));

        // Nothing changed: the call still rings and is answered as usual.
        var softphone = await agent.AnswerAsync(ring);
        await agent.WaitForCallAsync("connected", Wait);
        Assert.True(await call.Heard.WaitForToneAsync(600, Wait), "the caller did not hear the agent after the errors");
        await agent.Desktop.WebRtcOfferAsync(ring.Call, softphone.CreateOffer());
        Assert.Contains("is not ringing agent1's softphone", await ErrorAsync(agent.Desktop));
    }

    [Fact]
    public async Task The_agents_desktop_closing_while_the_softphone_rings_fails_the_offer_and_the_call_goes_to_the_next_agent()
    {
        await using var centre = await StartAsync();
        var agent1 = await AgentAsync(centre, "agent1", 600, answersInbound: false);
        await using var agent2 = await AgentAsync(centre, "agent2", 800);
        await using var caller = await SimulatedCaller.StartAsync("+358401234567");
        var call = await caller.CallAsync(centre.Host.SipEndPoint, "0201234567");

        await agent1.Desktop.NextRingAsync(Wait);
        await agent1.DisposeAsync();

        await agent2.NextCallAsync(Wait);
        Assert.True(await call.Heard.WaitForToneAsync(800, Wait), "the caller did not reach agent2 after agent1's desktop closed");
    }

    [Fact]
    public async Task The_agents_desktop_closing_during_a_softphone_call_ends_the_call()
    {
        await using var centre = await StartAsync();
        var agent = await AgentAsync(centre, "agent1", 600);
        await using var caller = await SimulatedCaller.StartAsync("+358401234567");
        var call = await caller.CallAsync(centre.Host.SipEndPoint, "0201234567");
        await agent.NextCallAsync(Wait);
        Assert.True(await call.Heard.WaitForToneAsync(600, Wait), "the caller did not hear the agent");

        await agent.DisposeAsync();
        Assert.Equal("remote BYE", await call.Ended.WaitAsync(Wait));
    }

    [Fact]
    public async Task An_outbound_call_rings_the_softphone_which_answers_itself_then_the_number()
    {
        await using var destination = await SimulatedPhone.StartAsync("+358409876543");
        destination.AnswerWith = () => new ToneSource(700);
        await using var centre = await StartAsync(destination);
        await using var agent = await AgentAsync(centre, "agent1", 600, answersInbound: false);

        var mine = agent.CallOutAsync("+358409876543", Wait);
        var ring = await agent.Desktop.NextRingAsync(Wait);
        Assert.Equal(("outbound", "+358409876543"), (ring.Direction, ring.Party));
        var far = await destination.NextAnsweredCallAsync(Wait);
        var softphone = await mine;

        Assert.True(await softphone.Heard.WaitForToneAsync(700, Wait), "the agent's softphone did not hear the destination's 700 Hz tone");
        Assert.True(await far.Heard.WaitForToneAsync(600, Wait), "the destination did not hear the agent's 600 Hz tone");
        await agent.Desktop.HangUpAsync();
        Assert.Equal("remote BYE", await far.Ended.WaitAsync(Wait));
    }
}

using System.Net.Http.Json;
using System.Text.Json;
using ContactCentre.Host.Calls;
using ContactCentre.Media;
using ContactCentre.Simulator.Agents;
using ContactCentre.Simulator.Callers;
using ContactCentre.Simulator.Phones;

namespace ContactCentre.Host.Tests;

/// <summary>
/// The agent's call control on the wire: a real host, simulated SIP callers and agents' phones, and the agent desktop
/// WebSocket on 127.0.0.1. Agent1 serves support, agent2 sales; the trunk "carrier" dials out to a simulated phone.
/// </summary>
[Trait("Category", "Integration")]
public sealed class CallControlTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    private async Task<RunningContactCentre> StartAsync(SimulatedPhone? farEnd = null)
    {
        var proxy = farEnd is null ? "" : $", \"outboundProxy\": \"127.0.0.1:{farEnd.SipEndPoint.Port}\"";
        return await RunningContactCentre.StartWithConfigurationAsync($$"""
            {
              "countryCallingCode": "358",
              "serviceNumbers": [ { "number": "0201234567", "flow": "Front" } ],
              "queues": [ { "name": "support" }, { "name": "sales" } ],
              "agents": [ { "id": "agent1", "queues": [ "support" ], "desktopPassword": "agent1-desk" },
                          { "id": "agent2", "queues": [ "sales" ], "desktopPassword": "agent2-desk" } ],
              "trunks": [ { "name": "carrier", "inboundAddresses": [ "127.0.0.1" ]{{proxy}} } ],
              "flows": [ { "name": "Front", "start": "support", "modules": [
                { "type": "queue", "name": "support", "queue": "support", "prompts": [ "queue-support" ] } ] } ]
            }
            """);
    }

    private static async Task<SimulatedAgent> AgentAsync(RunningContactCentre centre, string id, double toneHz)
    {
        var agent = await SimulatedAgent.StartAsync(id, centre.PasswordOf(id), centre.Desktop);
        agent.SpeaksWith(() => new ToneSource(toneHz));
        await agent.LogInAsync();
        return agent;
    }

    [Fact]
    public async Task An_answered_call_shows_on_the_desktop_and_hold_gives_the_caller_music_until_unhold()
    {
        await using var centre = await StartAsync();
        await using var agent = await AgentAsync(centre, "agent1", 600);
        await using var caller = await SimulatedCaller.StartAsync("+358401234567");
        var call = await caller.CallAsync(centre.Host.SipEndPoint, "0201234567");

        Assert.Equal("+358401234567", (await agent.WaitForCallAsync("ringing", Wait)).Party);
        await agent.NextCallAsync(Wait);
        var connected = await agent.WaitForCallAsync("connected", Wait);
        Assert.Equal("inbound", connected.Direction);
        Assert.True(await call.Heard.WaitForToneAsync(600, Wait), "the caller did not hear the agent's 600 Hz tone");

        await agent.Desktop.HoldAsync();
        await agent.WaitForCallAsync("held", Wait);
        Assert.True(await call.Heard.WaitForToneAsync(PromptLibrary.BuiltInMusicOnHoldHz[0], Wait), "the caller did not hear music on hold");

        await agent.Desktop.UnholdAsync();
        await agent.WaitForCallAsync("connected", Wait);
        Assert.True(await call.Heard.WaitForToneAsync(600, Wait), "after unhold the caller did not hear the agent again");

        await agent.Desktop.HangUpAsync();
        Assert.Equal("agent hung up", (await agent.WaitForCallAsync("ended", Wait)).Reason);
        Assert.Equal("remote BYE", await call.Ended.WaitAsync(Wait));
    }

    [Fact]
    public async Task Call_control_without_a_call_and_with_a_bad_field_gets_errors_naming_them()
    {
        await using var centre = await StartAsync();
        await using var agent = await AgentAsync(centre, "agent1", 600);

        await agent.Desktop.HoldAsync();
        Assert.Equal("hold: agent1 has no call", (await agent.Desktop.NextAsync("error", Wait)).GetProperty("message").GetString());
        await agent.Desktop.SendAsync(new { type = "transfer", to = new { queue = "sales", agent = "agent2" } });
        Assert.Contains("field 'to' must name exactly one", (await agent.Desktop.NextAsync("error", Wait)).GetProperty("message").GetString());
        await agent.Desktop.SendDtmfAsync("12x");
        Assert.Contains("dtmf: field 'digits'", (await agent.Desktop.NextAsync("error", Wait)).GetProperty("message").GetString());
    }

    [Fact]
    public async Task A_transfer_to_a_queue_offers_the_caller_to_that_queues_agent()
    {
        await using var centre = await StartAsync();
        await using var agent1 = await AgentAsync(centre, "agent1", 600);
        await using var agent2 = await AgentAsync(centre, "agent2", 800);
        await using var caller = await SimulatedCaller.StartAsync("+358401234567");
        var call = await caller.CallAsync(centre.Host.SipEndPoint, "0201234567");
        var first = await agent1.NextCallAsync(Wait);
        Assert.True(await call.Heard.WaitForToneAsync(600, Wait), "the caller did not hear agent1");

        await agent1.Desktop.TransferToQueueAsync("sales");
        Assert.Equal("transferred to queue sales", (await agent1.WaitForCallAsync("ended", Wait)).Reason);
        Assert.Equal("remote BYE", await first.Ended.WaitAsync(Wait));

        var offer = await agent2.Desktop.NextAsync("offer", Wait);
        Assert.Equal("sales", offer.GetProperty("queue").GetString());
        var second = await agent2.NextCallAsync(Wait);
        await agent2.WaitForCallAsync("connected", Wait);
        call.SayTone(1000);
        Assert.True(await call.Heard.WaitForToneAsync(800, Wait), "the caller did not hear agent2");
        Assert.True(await second.Heard.WaitForToneAsync(1000, Wait), "agent2 did not hear the caller");
    }

    [Fact]
    public async Task An_outbound_call_rings_the_agent_first_then_the_number_and_is_logged_as_outbound()
    {
        await using var destination = await SimulatedPhone.StartAsync("+358409876543");
        destination.AnswerWith = () => new ToneSource(700);
        await using var centre = await StartAsync(destination);
        await using var agent = await AgentAsync(centre, "agent1", 600);

        // The agent's states during the call, in order: watched as they arrive, since the call events interleave with them.
        var states = new List<string>();
        var backToReady = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        agent.Desktop.StateChanged += state =>
        {
            lock (states) states.Add(state);
            if (state == "Ready") backToReady.TrySetResult();
        };
        await agent.Desktop.CallAsync("+358409876543");
        Assert.Equal("+358409876543", (await agent.WaitForCallAsync("ringing", Wait)).Party);
        var mine = await agent.NextCallAsync(Wait);
        var far = await destination.NextAnsweredCallAsync(Wait);
        // The number is dialled only once the agent's own phone has answered: on the wire, not by which test task
        // completed first (the phone hands its call over after its 200, while the host may already be dialling).
        Assert.True(far.RangAt > mine.AnsweredAt, "the destination rang before the agent's phone had answered");
        var connected = await agent.WaitForCallAsync("connected", Wait);
        Assert.Equal("outbound", connected.Direction);

        Assert.True(await mine.Heard.WaitForToneAsync(700, Wait), "the agent did not hear the destination's 700 Hz tone");
        Assert.True(await far.Heard.WaitForToneAsync(600, Wait), "the destination did not hear the agent's 600 Hz tone");

        await far.HangUpAsync();
        await agent.WaitForCallAsync("ended", Wait);
        await backToReady.Task.WaitAsync(Wait);
        lock (states) Assert.Equal(["Busy", "Ready"], states);
        using var http = new HttpClient { BaseAddress = centre.Host.WebUri };
        var entry = await HistoryAsync(http);
        Assert.Equal("outbound", entry.GetProperty("outcome").GetString());
        Assert.Equal("agent1", entry.GetProperty("agent").GetString());
        Assert.Equal("+358409876543", entry.GetProperty("caller").GetString());
    }

    [Fact]
    public async Task Mute_silences_the_agent_for_the_caller_and_dtmf_reaches_the_caller_as_telephone_events()
    {
        await using var centre = await StartAsync();
        await using var agent = await AgentAsync(centre, "agent1", 600);
        await using var caller = await SimulatedCaller.StartAsync("+358401234567");
        var call = await caller.CallAsync(centre.Host.SipEndPoint, "0201234567");
        await agent.NextCallAsync(Wait);
        Assert.True(await call.Heard.WaitForToneAsync(600, Wait), "the caller did not hear the agent's 600 Hz tone");

        var quiet = Until(call, () => call.Heard.ToneShare(600, TimeSpan.FromMilliseconds(200)) < 0.05);
        await agent.Desktop.MuteAsync();
        await agent.Desktop.NextAsync("call", Wait, m => m.GetProperty("muted").GetBoolean());
        Assert.True(await quiet.WaitAsync(Wait), "the caller still heard the muted agent");
        await agent.Desktop.UnmuteAsync();
        Assert.True(await call.Heard.WaitForToneAsync(600, Wait), "after unmute the caller did not hear the agent");

        var digits = new List<char>();
        var three = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        call.Media.DtmfReceived += (_, d) =>
        {
            lock (digits)
            {
                digits.Add(d);
                if (digits.Count == 3) three.TrySetResult();
            }
        };
        await agent.Desktop.SendDtmfAsync("42#");
        await three.Task.WaitAsync(Wait);
        Assert.Equal("42#", new string([.. digits]));
    }

    [Fact]
    public async Task A_consultation_with_another_agent_completes_into_a_transfer()
    {
        await using var centre = await StartAsync();
        await using var agent1 = await AgentAsync(centre, "agent1", 600);
        await using var agent2 = await AgentAsync(centre, "agent2", 800);
        await using var caller = await SimulatedCaller.StartAsync("+358401234567");
        var call = await caller.CallAsync(centre.Host.SipEndPoint, "0201234567");
        var first = await agent1.NextCallAsync(Wait);
        Assert.True(await call.Heard.WaitForToneAsync(600, Wait), "the caller did not hear agent1");

        await agent1.Desktop.ConsultAgentAsync("agent2");
        Assert.Equal("agent2", (await agent1.WaitForCallAsync("consulting", Wait)).Consulting);
        var second = await agent2.NextCallAsync(Wait);
        Assert.True(await call.Heard.WaitForToneAsync(PromptLibrary.BuiltInMusicOnHoldHz[0], Wait), "the caller did not hear music on hold while agent1 consulted");
        Assert.True(await first.Heard.WaitForToneAsync(800, Wait), "agent1 did not hear agent2 in the consultation");
        Assert.True(await second.Heard.WaitForToneAsync(600, Wait), "agent2 did not hear agent1 in the consultation");

        await agent1.Desktop.CompleteTransferAsync();
        Assert.Equal("transferred to agent agent2", (await agent1.WaitForCallAsync("ended", Wait)).Reason);
        Assert.Equal("remote BYE", await first.Ended.WaitAsync(Wait));
        Assert.True(await call.Heard.WaitForToneAsync(800, Wait), "after the transfer the caller did not hear agent2");
        call.SayTone(1000);
        Assert.True(await second.Heard.WaitForToneAsync(1000, Wait), "after the transfer agent2 did not hear the caller");
    }

    /// <summary>Completes when <paramref name="condition"/> holds after a frame the caller received.</summary>
    private static Task<bool> Until(PhoneCall call, Func<bool> condition)
    {
        var done = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        call.Media.AudioReceived += _ => { if (condition()) done.TrySetResult(true); };
        return done.Task;
    }

    private static async Task<JsonElement> HistoryAsync(HttpClient http)
    {
        using var deadline = new CancellationTokenSource(Wait);
        while (true)
        {
            var calls = await http.GetFromJsonAsync<JsonElement>("/api/calls", deadline.Token);
            if (calls.GetArrayLength() > 0) return calls[0];
            await Task.Delay(50, deadline.Token);
        }
    }
}

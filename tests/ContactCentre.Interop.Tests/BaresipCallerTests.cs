using System.Globalization;
using System.Text.Json;
using ContactCentre.Interop.Tests.ContactCentre;
using ContactCentre.Interop.Tests.Peers;
using ContactCentre.Media;
using ContactCentre.Simulator.Agents;
using ContactCentre.Simulator.Phones;
using Xunit.Abstractions;

namespace ContactCentre.Interop.Tests;

/// <summary>
/// baresip, a softphone nobody here wrote, as a caller of the demo service number: it speaks a WAV
/// (a 440 Hz tone) and records what it hears, so the prompts and the agent's voice are checked as heard.
/// </summary>
[Trait("Category", "Interop")]
public sealed class BaresipCallerTests(ITestOutputHelper output)
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    // Envelope correlation of the recording with a prompt. The welcome heard through PCMU measures
    // ~1.0 and the unrelated 'closed' prompt ~0.24 against the same recording; 0.7 tolerates a lost or
    // late packet on a busy machine, 0.5 is the most an unrelated prompt may score, so the two cannot meet.
    private const double PromptHeard = 0.7;
    private const double UnrelatedPromptCeiling = 0.5;

    private const double CallerToneHz = BaresipOptions.GeneratedToneFrequency;
    private const double AgentToneHz = 600;

    // Share of the recent energy at the agent's frequency: a clean tone through G.711 gives ~1.
    private const double ToneHeard = 0.8;
    private static readonly TimeSpan ToneWindow = TimeSpan.FromMilliseconds(200);

    private static readonly short[] Welcome = DemoContactCentre.Prompt("welcome");
    private static readonly short[] Closed = DemoContactCentre.Prompt("closed");

    [Fact]
    public async Task Baresip_caller_hears_the_welcome_prompt_and_the_call_is_in_the_history()
    {
        await using var centre = await DemoContactCentre.StartAsync();
        await using var caller = await BaresipRunner.StartAsync(new BaresipOptions("caller"), StartTimeout);

        await caller.DialAsync(centre.ServiceNumberUri);
        await caller.WaitForEventAsync("CALL_ESTABLISHED", Wait);
        await WaitForWelcomeAsync(caller);
        await caller.HangupAsync();
        await caller.WaitForEventAsync("CALL_CLOSED", Wait);
        // Quitting closes the recording, so what is read below is all baresip heard.
        await caller.QuitAsync(StartTimeout);

        var heard = PeerRecording.Read(caller);
        var welcome = Correlation.BestMatch(heard, Welcome);
        var unrelated = Correlation.BestMatch(heard, Closed);
        output.WriteLine($"Recorded {Seconds(heard)} s; correlation with welcome {welcome:0.000}, with closed {unrelated:0.000}.");
        Assert.True(heard.Length >= Welcome.Length, $"Recorded {Seconds(heard)} s, shorter than the {Seconds(Welcome)} s welcome.");
        Assert.True(welcome >= PromptHeard, $"The recording matches the welcome at {welcome:0.000} (want ≥ {PromptHeard}).");
        Assert.True(
            unrelated < UnrelatedPromptCeiling,
            $"The recording matches the unrelated 'closed' prompt at {unrelated:0.000} (want < {UnrelatedPromptCeiling}): the check cannot tell prompts apart.");

        // Hung up in the menu, before any queue: the host records the call as ended in the flow.
        var history = await centre.History.WaitForEntryAsync(
            call => call.GetProperty("serviceNumber").GetString() == DemoContactCentre.ServiceNumberE164, Wait);
        output.WriteLine($"History: {history.GetRawText()}");
        Assert.Equal(JsonValueKind.Null, history.GetProperty("queue").ValueKind);
        Assert.Equal("ended in flow", history.GetProperty("outcome").GetString());
    }

    [Fact]
    public async Task Baresip_caller_pressing_1_talks_with_an_agent_both_ways_through_the_bridge()
    {
        await using var centre = await DemoContactCentre.StartAsync();
        await using var agent = await SimulatedAgent.StartAsync("agent1", centre.PasswordOf("agent1"), centre.Desktop);
        agent.SpeaksWith(() => new ToneSource(AgentToneHz));
        await agent.LogInAsync();
        await using var caller = await BaresipRunner.StartAsync(new BaresipOptions("caller"), StartTimeout);

        await caller.DialAsync(centre.ServiceNumberUri);
        await caller.WaitForEventAsync("CALL_ESTABLISHED", Wait);
        // Digits during the welcome are ignored; once it has been heard in full, the menu is playing.
        await WaitForWelcomeAsync(caller);
        await caller.SendDtmfAsync("1");

        var agentCall = await agent.NextCallAsync(Wait);
        Assert.True(
            await agentCall.Heard.WaitForToneAsync(CallerToneHz, Wait),
            $"The agent did not hear baresip's {CallerToneHz} Hz tone (share {agentCall.Heard.ToneShare(CallerToneHz, ToneWindow):0.00}).");
        var heard = await PeerRecording.WaitUntilAsync(
            caller,
            $"the agent's {AgentToneHz} Hz tone",
            recording => RecentToneShare(recording, AgentToneHz) > ToneHeard,
            recording => $"{AgentToneHz} Hz share {RecentToneShare(recording, AgentToneHz):0.00} of the last {ToneWindow.TotalMilliseconds} ms",
            Wait);
        output.WriteLine(
            $"The agent heard {CallerToneHz} Hz at share {agentCall.Heard.ToneShare(CallerToneHz, ToneWindow):0.000}; " +
            $"baresip heard {AgentToneHz} Hz at share {RecentToneShare(heard, AgentToneHz):0.000} and its own {CallerToneHz} Hz at {RecentToneShare(heard, CallerToneHz):0.000}.");
        // No echo of its own voice: what baresip hears is the agent, not a loop back.
        Assert.True(RecentToneShare(heard, CallerToneHz) < 0.1, $"baresip hears its own {CallerToneHz} Hz tone back at share {RecentToneShare(heard, CallerToneHz):0.000}.");

        await caller.HangupAsync();
        await caller.WaitForEventAsync("CALL_CLOSED", Wait);
        Assert.Equal("remote BYE", await agentCall.Ended.WaitAsync(Wait));

        var history = await centre.History.WaitForEntryAsync(
            call => call.GetProperty("serviceNumber").GetString() == DemoContactCentre.ServiceNumberE164, Wait);
        Assert.Equal("support", history.GetProperty("queue").GetString());
        Assert.Equal("agent1", history.GetProperty("agent").GetString());
        Assert.Equal("answered", history.GetProperty("outcome").GetString());
    }

    private static Task<short[]> WaitForWelcomeAsync(BaresipRunner caller) =>
        PeerRecording.WaitUntilAsync(
            caller,
            "the welcome prompt",
            recording => recording.Length >= Welcome.Length && Correlation.BestMatch(recording, Welcome) >= PromptHeard,
            recording => $"welcome correlation {(recording.Length >= Welcome.Length ? Correlation.BestMatch(recording, Welcome) : 0):0.000}",
            Wait);

    private static double RecentToneShare(short[] recording, double frequencyHz)
    {
        var window = (int)(ToneWindow.TotalSeconds * 8000);
        return HeardAudio.ToneShare(recording.AsSpan(Math.Max(0, recording.Length - window)), frequencyHz);
    }

    private static string Seconds(short[] samples) => (samples.Length / 8000.0).ToString("0.00", CultureInfo.InvariantCulture);
}

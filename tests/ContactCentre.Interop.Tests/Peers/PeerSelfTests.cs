namespace ContactCentre.Interop.Tests.Peers;

/// <summary>
/// The peer wrappers against each other, without the contact centre: if these fail, an interop
/// test failure says nothing about the host.
/// </summary>
[Trait("Category", "Interop")]
public sealed class PeerSelfTests
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan EventTimeout = TimeSpan.FromSeconds(10);
    // SIPp's built-in uas pauses 4 s after the BYE before it counts the call as done.
    private static readonly TimeSpan SippTimeout = TimeSpan.FromSeconds(30);

    // Well above the dither and comfort-noise floor, well below the 0.35 RMS of the generated tone.
    private const double AudibleRms = 0.05;

    [Fact]
    public async Task Sipp_caller_pressing_1_completes_one_call_with_sipp_uas()
    {
        await using var callee = new SippRunner(SippScenario.BuiltIn("uas"));
        callee.Start();
        await using var caller = new SippRunner(
            SippScenario.CallerPressesDigit("100", TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(1)),
            callee.Address);

        var callerResult = await caller.RunAsync(SippTimeout);
        var calleeResult = await callee.WaitForExitAsync(SippTimeout);

        Assert.True(callerResult.ExitCode == 0, callerResult.ToString());
        Assert.True(callerResult.SuccessfulCalls == 1, callerResult.ToString());
        Assert.True(calleeResult.ExitCode == 0, calleeResult.ToString());
        Assert.True(calleeResult.SuccessfulCalls == 1, calleeResult.ToString());
    }

    [Fact]
    public async Task Sipp_caller_digit_reaches_the_media_address_of_the_answer()
    {
        await using var callee = await BaresipRunner.StartAsync(new BaresipOptions("support", BaresipAnswerMode.Auto), StartTimeout);
        await using var caller = new SippRunner(
            SippScenario.CallerPressesDigit("support", TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(1)),
            $"{LoopbackPorts.Address}:{callee.SipPort}");

        var callerResult = await caller.RunAsync(SippTimeout);

        Assert.True(callerResult.ExitCode == 0, callerResult.ToString());
        var digit = await callee.WaitForEventAsync("CALL_DTMF_START", EventTimeout);
        Assert.Equal("1", digit.Parameter);
        await callee.WaitForEventAsync("CALL_CLOSED", EventTimeout);
    }

    [Fact]
    public async Task Baresip_caller_talks_to_sipp_uas_and_records_the_echo()
    {
        await using var callee = new SippRunner(SippScenario.BuiltIn("uas"), extraArguments: ["-rtp_echo"]);
        callee.Start();
        await using var caller = await BaresipRunner.StartAsync(new BaresipOptions("caller"), StartTimeout);

        await caller.DialAsync($"sip:100@{callee.Address}");
        await caller.WaitForEventAsync("CALL_ESTABLISHED", EventTimeout);
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        await caller.SendDtmfAsync("1");
        await Task.Delay(TimeSpan.FromSeconds(0.5));
        await caller.HangupAsync();
        await caller.WaitForEventAsync("CALL_CLOSED", EventTimeout);
        var calleeResult = await callee.WaitForExitAsync(SippTimeout);
        await caller.QuitAsync(StartTimeout);

        Assert.True(calleeResult.ExitCode == 0 && calleeResult.SuccessfulCalls == 1, calleeResult.ToString());
        AssertHeardSomething(caller);
    }

    [Fact]
    public async Task Baresip_caller_presses_1_on_an_auto_answering_baresip()
    {
        await using var agent = await BaresipRunner.StartAsync(new BaresipOptions("agent", BaresipAnswerMode.Auto), StartTimeout);
        await using var caller = await BaresipRunner.StartAsync(new BaresipOptions("caller"), StartTimeout);

        await caller.DialAsync(agent.Uri);
        await caller.WaitForEventAsync("CALL_ESTABLISHED", EventTimeout);
        await agent.WaitForEventAsync("CALL_ESTABLISHED", EventTimeout);
        await Task.Delay(TimeSpan.FromSeconds(1));
        await caller.SendDtmfAsync("1");
        var digit = await agent.WaitForEventAsync("CALL_DTMF_START", EventTimeout);
        await caller.HangupAsync();
        await caller.WaitForEventAsync("CALL_CLOSED", EventTimeout);
        await agent.WaitForEventAsync("CALL_CLOSED", EventTimeout);
        await caller.QuitAsync(StartTimeout);
        await agent.QuitAsync(StartTimeout);

        Assert.Equal("1", digit.Parameter);
        AssertHeardSomething(caller);
        AssertHeardSomething(agent);
    }

    [Fact]
    public async Task A_silent_agent_is_recorded_as_silence()
    {
        // Guards the recording check above: it must be able to fail.
        var silence = Directory.CreateTempSubdirectory("silence-");
        try
        {
            var silentWav = Path.Combine(silence.FullName, "silence.wav");
            new PcmWav(8000, 1, new short[8000 * 60]).Write(silentWav);
            await using var agent = await BaresipRunner.StartAsync(new BaresipOptions("agent", BaresipAnswerMode.Auto, silentWav), StartTimeout);
            await using var caller = await BaresipRunner.StartAsync(new BaresipOptions("caller"), StartTimeout);

            await caller.DialAsync(agent.Uri);
            await caller.WaitForEventAsync("CALL_ESTABLISHED", EventTimeout);
            await Task.Delay(TimeSpan.FromSeconds(1.5));
            await caller.HangupAsync();
            await caller.WaitForEventAsync("CALL_CLOSED", EventTimeout);
            await caller.QuitAsync(StartTimeout);

            var recording = caller.FindRecording();
            Assert.NotNull(recording);
            var heard = PcmWav.Read(recording);
            Assert.True(heard.Duration > TimeSpan.FromSeconds(0.5), $"Recorded only {heard.Duration.TotalSeconds:0.00} s.");
            Assert.True(heard.Rms < AudibleRms / 10, $"Silence recorded at RMS {heard.Rms:0.000}.");
        }
        finally
        {
            silence.Delete(recursive: true);
        }
    }

    [Fact]
    public void A_missing_peer_fails_with_the_install_hint()
    {
        var missing = Assert.Throws<PeerNotInstalledException>(
            () => PeerBinary.Require("contact-centre-no-such-peer", "no-such-package"));

        Assert.Contains("./test.sh", missing.Message, StringComparison.Ordinal);
    }

    private static void AssertHeardSomething(BaresipRunner peer)
    {
        var recording = peer.FindRecording();
        Assert.True(recording is not null, $"{peer.Uri} recorded nothing in {peer.RecordingDirectory}.\n{peer.Output}");
        var heard = PcmWav.Read(recording);
        Assert.True(
            heard.Duration > TimeSpan.FromSeconds(0.5) && heard.Rms > AudibleRms,
            $"{peer.Uri} heard {heard.Duration.TotalSeconds:0.00} s at RMS {heard.Rms:0.000} (want > 0.5 s at > {AudibleRms}).\n{peer.Output}");
    }
}

using System.Net;
using ContactCentre.Media;
using ContactCentre.Simulator.Callers;
using ContactCentre.Simulator.Phones;

namespace ContactCentre.Host.Tests.AudioLibrary;

/// <summary>An admin records a prompt by phone on the recording number, and it lands in the audio library.</summary>
[Trait("Category", "Integration")]
public sealed class RecordingLineTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);
    private const string RecordingNumber = "0209999000";

    private static short[] LinePrompt(string name) => RunningContactCentre.Prompt("recording-line/" + name);

    [Fact]
    public async Task A_wrong_PIN_is_retried_then_a_take_heard_back_and_saved_becomes_recording_42()
    {
        await using var centre = await RunningContactCentre.StartAsync($"--Admin:Token={AdminClient.Token}",
            $"--AudioLibrary:RecordingNumber={RecordingNumber}", "--AudioLibrary:RecordingPin=2468");
        using var admin = new AdminClient(centre.Host.WebUri);
        await using var phone = await SimulatedCaller.StartAsync("+358401234567");
        var call = await phone.CallAsync(centre.Host.SipEndPoint, RecordingNumber);

        await HearsAsync(call, "rec-pin");
        await call.PressAsync("1111#");
        await HearsAsync(call, "rec-wrong-pin");
        await HearsAsync(call, "rec-pin");
        await call.PressAsync("2468#");
        await HearsAsync(call, "rec-number");
        await call.PressAsync("42#");
        await HearsAsync(call, "rec-after-beep");
        Assert.True(await call.Heard.WaitForToneAsync(1000, Wait), "no beep before the recording");

        // Speak 1.5 s of 500 Hz, then press # once it has been said.
        var said = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var speech = new ToneSource(500, 8000, TimeSpan.FromSeconds(1.5));
        call.Media.PlaybackFinished += (_, s) => { if (ReferenceEquals(s, speech)) said.TrySetResult(); };
        call.Say(speech);
        await said.Task.WaitAsync(Wait);
        await call.PressAsync("#");

        await HearsAsync(call, "rec-playback");
        Assert.True(await call.Heard.WaitForToneAsync(500, Wait), "the take was not played back");
        await HearsAsync(call, "rec-options");
        await call.PressAsync("1");
        await HearsAsync(call, "rec-saved");

        var listed = (await admin.ListAsync())["recording-42"];
        Assert.InRange(listed.GetProperty("durationSeconds").GetDouble(), 1.0, 1.6);
        Assert.True(WavFile.TryRead(await admin.DownloadAsync("recording-42"), out var saved, out var error), error);
        Assert.True(HeardAudio.ToneShare(saved.Samples.AsSpan(1000, 4000), 500) > 0.8, "the saved recording is not the caller's 500 Hz");
        Assert.Equal("remote BYE", await call.Ended.WaitAsync(Wait));
    }

    [Fact]
    public async Task Three_wrong_PINs_end_the_call_and_nothing_is_recorded()
    {
        await using var centre = await RunningContactCentre.StartAsync(
            $"--AudioLibrary:RecordingNumber={RecordingNumber}", "--AudioLibrary:RecordingPin=2468");
        await using var phone = await SimulatedCaller.StartAsync("+358401234567");
        var call = await phone.CallAsync(centre.Host.SipEndPoint, RecordingNumber);

        for (var attempt = 0; attempt < 3; attempt++)
        {
            await HearsAsync(call, "rec-pin");
            await call.PressAsync("9999#");
            await HearsAsync(call, "rec-wrong-pin");
        }

        Assert.Equal("remote BYE", await call.Ended.WaitAsync(Wait));
        Assert.DoesNotContain(Directory.EnumerateFiles(Path.Combine(centre.DataPath, "audio")), f => Path.GetFileName(f).StartsWith("recording-", StringComparison.Ordinal));
    }

    private int _from;

    /// <summary>
    /// Waits for a recording-line prompt to begin (its first 0.6 s heard; a key may then interrupt it), after the
    /// previous one began: next time, only what came after the start of this one is searched.
    /// </summary>
    private async Task HearsAsync(PhoneCall call, string prompt)
    {
        var audio = LinePrompt(prompt);
        var opening = audio[..Math.Min(audio.Length, 4800)];
        Assert.True(await call.Heard.WaitForPromptAsync(opening, Wait, _from), $"the admin did not hear '{prompt}'");
        _from = Math.Max(_from, call.Heard.SampleCount - opening.Length);
    }
}

using System.Net;
using ContactCentre.Host.Calls;
using ContactCentre.Simulator.Callers;

namespace ContactCentre.Host.Tests.AudioLibrary;

/// <summary>Callers hear the library as it is when their call plays a prompt: no restart after a change.</summary>
[Trait("Category", "Integration")]
public sealed class PromptsAtCallTimeTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task A_replaced_welcome_prompt_is_what_the_next_caller_hears()
    {
        await using var centre = await RunningContactCentre.StartAsync($"--Admin:Token={AdminClient.Token}");
        using var admin = new AdminClient(centre.Host.WebUri);
        await using var caller = await SimulatedCaller.StartAsync("+358401234567");

        var first = await caller.CallAsync(centre.Host.SipEndPoint, "0201234567");
        Assert.True(await first.Heard.WaitForPromptAsync(RunningContactCentre.Prompt("welcome"), Wait), "the first caller did not hear the original welcome");
        await first.HangUpAsync();

        var replaced = await admin.UploadAsync("welcome", TestWav.Tone(700, TimeSpan.FromSeconds(3), sampleRate: 16000));
        Assert.Equal(HttpStatusCode.OK, replaced.StatusCode);

        await using var nextCaller = await SimulatedCaller.StartAsync("+358401234568");
        var next = await nextCaller.CallAsync(centre.Host.SipEndPoint, "0201234567");
        Assert.True(await next.Heard.WaitForToneAsync(700, Wait), "the next caller did not hear the new 700 Hz welcome");
    }

    [Fact]
    public async Task A_prompt_missing_from_disk_plays_the_fallback_tone_and_the_flow_goes_on_to_the_menu()
    {
        await using var centre = await RunningContactCentre.StartAsync();
        File.Delete(Path.Combine(centre.DataPath, "audio", "welcome.wav"));
        await using var caller = await SimulatedCaller.StartAsync("+358401234567");

        var call = await caller.CallAsync(centre.Host.SipEndPoint, "0201234567");

        Assert.True(await call.Heard.WaitForToneAsync(PromptLibrary.FallbackToneHz, Wait), "the caller did not hear the fallback tone");
        var afterTone = call.Heard.SampleCount;
        Assert.True(await call.Heard.WaitForPromptAsync(RunningContactCentre.Prompt("menu"), Wait, afterTone), "the flow did not go on to the menu");
    }
}

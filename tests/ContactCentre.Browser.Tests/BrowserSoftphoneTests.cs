using ContactCentre.Host.Hosting;
using ContactCentre.Media;
using ContactCentre.Simulator.Callers;
using Microsoft.Playwright;

namespace ContactCentre.Browser.Tests;

/// <summary>
/// Chromium as an agent's softphone (docs/agent-protocol.md, "Softphone"): a page logs in to a real host's desktop
/// WebSocket with "device": "softphone" and answers the ring with an RTCPeerConnection; a simulated SIP caller and the
/// browser must hear each other's tones (1000 Hz from Chromium's fake microphone, 600 Hz from the caller).
/// </summary>
[Trait("Category", "Browser")]
public sealed class BrowserSoftphoneTests : IAsyncDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"cc-browser-softphone-{Guid.NewGuid():N}");

    [Fact]
    public async Task Chromium_on_the_softphone_answers_a_queued_call_and_it_and_the_caller_hear_each_other()
    {
        Directory.CreateDirectory(_folder);
        var microphone = Path.Combine(_folder, "microphone-1000Hz.wav");
        var samples = new short[8000 * 30];
        new ToneSource(1000).Read(samples);
        WavFile.WriteMono8k(microphone, samples);
        var configuration = Path.Combine(_folder, "contact-centre.json");
        await File.WriteAllTextAsync(configuration, """
            {
              "countryCallingCode": "358",
              "serviceNumbers": [ { "number": "0201234567", "flow": "Front" } ],
              "queues": [ { "name": "support" } ],
              "agents": [ { "id": "agent1", "queues": [ "support" ], "desktopPassword": "agent1-desk" } ],
              "trunks": [ { "name": "carrier", "inboundAddresses": [ "127.0.0.1" ] } ],
              "flows": [ { "name": "Front", "start": "support", "modules": [
                { "type": "queue", "name": "support", "queue": "support", "prompts": [ "queue-support" ] } ] } ]
            }
            """);
        await using var centre = await ContactCentreHost.StartAsync([
            "--Sip:Port=0", "--Web:Port=0", $"--Data:Path={Path.Combine(_folder, "data")}", "--Logging:LogLevel:Default=Warning",
            $"--ContactCentre:Configuration={configuration}"]);

        using var pages = new CallPageHost("softphone.html");
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args =
            [
                "--use-fake-device-for-media-stream",
                "--use-fake-ui-for-media-stream",
                $"--use-file-for-fake-audio-capture={microphone}",
                "--autoplay-policy=no-user-gesture-required",
            ],
        });
        var page = await browser.NewPageAsync();
        await page.GotoAsync(pages.Address.ToString());
        var desktop = $"ws://{centre.WebUri.Host}:{centre.WebUri.Port}/agent/ws";
        await page.EvaluateAsync("([url, agent, password]) => window.login(url, agent, password)", new[] { desktop, "agent1", "agent1-desk" });

        await using var caller = await SimulatedCaller.StartAsync("+358401234567");
        var call = await caller.CallAsync(centre.SipEndPoint, "0201234567");
        call.SayTone(600);

        Assert.True(await call.Heard.WaitForToneAsync(1000, Patience),
            $"the caller did not hear Chromium's 1000 Hz microphone; the page saw {await page.EvaluateAsync<string>("() => window.messages()")}");
        var peak = await PeakFrequencyAsync(page, near: 600);
        Assert.InRange(peak, 570, 630);

        await page.EvaluateAsync("() => window.hangUp()");
        Assert.Equal("remote BYE", await call.Ended.WaitAsync(Patience));
    }

    /// <summary>Waits (Playwright polls the page) until the loudest bin is near <paramref name="near"/>, then reads it.</summary>
    private static async Task<double> PeakFrequencyAsync(IPage page, double near)
    {
        try
        {
            await page.WaitForFunctionAsync("near => Math.abs(window.peakFrequency() - near) < 30", near,
                new PageWaitForFunctionOptions { Timeout = (float)Patience.TotalMilliseconds });
        }
        catch (TimeoutException)
        {
            // Fall through: the assertion reports what the page hears instead.
        }
        return await page.EvaluateAsync<double>("() => window.peakFrequency()");
    }

    public ValueTask DisposeAsync()
    {
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open by a finishing writer; the temp folder is cleaned by the OS.
        }
        return ValueTask.CompletedTask;
    }
}

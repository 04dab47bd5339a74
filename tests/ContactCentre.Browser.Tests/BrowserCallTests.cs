using System.Net;
using ContactCentre.Media;
using ContactCentre.Media.WebRtc;
using Microsoft.Playwright;

namespace ContactCentre.Browser.Tests;

/// <summary>
/// Headless Chromium calls our WebRTC leg: its RTCPeerConnection offer is answered with the leg's SDP, then each
/// side must hear the other's tone (1000 Hz from Chromium's fake microphone, 600 Hz from the leg).
/// </summary>
[Trait("Category", "Browser")]
public sealed class BrowserCallTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private static readonly double[] Tones = [400, 600, 1000, 1400];

    [Fact]
    public async Task Chromium_and_the_leg_hear_each_others_tones()
    {
        string microphone = Path.Combine(Path.GetTempPath(), $"cc-browser-1000Hz-{Guid.NewGuid():N}.wav");
        WriteTone(microphone, 1000, TimeSpan.FromSeconds(10));
        try
        {
            await CallAsync(microphone);
        }
        finally
        {
            File.Delete(microphone);
        }
    }

    private static async Task CallAsync(string microphone)
    {
        using var host = new CallPageHost();
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
        await page.GotoAsync(host.Address.ToString());

        using var leg = WebRtcLeg.Open(IPAddress.Loopback, DtlsCertificate.Generate());
        string offerSdp = await page.EvaluateAsync<string>("() => window.startCall()");
        var offer = WebRtcSdp.Parse(offerSdp);
        string answer = WebRtcSdp.CreateAnswer(offer, leg);
        leg.Start(offer, offer.WeAreDtlsServer);
        var heard = new TaskCompletionSource<short[]>(TaskCreationOptions.RunContinuationsAsynchronously);
        var samples = new List<short>();
        leg.Session.AudioReceived += pcm =>
        {
            lock (samples)
            {
                // Skip the first second: the fake microphone and the jitter buffers settle.
                samples.AddRange(pcm.ToArray());
                if (samples.Count >= 16000)
                {
                    heard.TrySetResult([.. samples.Skip(8000)]);
                }
            }
        };

        await page.EvaluateAsync("sdp => window.acceptAnswer(sdp)", answer);
        await leg.Secured.WaitAsync(Patience);
        leg.Session.Play(new ToneSource(600));

        Assert.Equal(1000, Goertzel.DominantFrequency(await heard.Task.WaitAsync(Patience), Tones));
        double peak = await PeakFrequencyAsync(page, near: 600);
        Assert.InRange(peak, 570, 630);
    }

    /// <summary>Waits (Playwright polls the page) until the loudest bin is near <paramref name="near"/>, then reads it.</summary>
    private static async Task<double> PeakFrequencyAsync(IPage page, double near)
    {
        try
        {
            await page.WaitForFunctionAsync(
                "near => Math.abs(window.peakFrequency() - near) < 30",
                near,
                new PageWaitForFunctionOptions { Timeout = (float)Patience.TotalMilliseconds });
        }
        catch (TimeoutException)
        {
            // Fall through: the assertion reports what the page hears instead.
        }

        return await page.EvaluateAsync<double>("() => window.peakFrequency()");
    }

    private static void WriteTone(string path, double frequency, TimeSpan length)
    {
        var tone = new ToneSource(frequency);
        var samples = new short[(int)(8000 * length.TotalSeconds)];
        tone.Read(samples);
        WavFile.WriteMono8k(path, samples);
    }
}

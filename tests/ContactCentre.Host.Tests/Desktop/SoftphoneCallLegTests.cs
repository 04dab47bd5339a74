using System.Net;
using ContactCentre.Host.Calls;
using ContactCentre.Host.Desktop;
using ContactCentre.Media.WebRtc;
using ContactCentre.Simulator.Phones;
using Microsoft.Extensions.Logging.Abstractions;

namespace ContactCentre.Host.Tests.Desktop;

/// <summary>
/// A softphone's call leg against the simulator's softphone on 127.0.0.1, with the leg's ICE consent on a clock the
/// test moves: a browser that stops sending consent checks (closed tab, lost network) ends the leg once.
/// </summary>
[Trait("Category", "Integration")]
public sealed class SoftphoneCallLegTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task A_softphone_whose_consent_lapses_ends_its_leg_once()
    {
        var time = new ManualTime(DateTimeOffset.Parse("2026-11-28T08:00:00Z"));
        var webRtc = WebRtcLeg.Open(IPAddress.Loopback, DtlsCertificate.Generate(), time: time);
        var softphone = SoftphoneCall.Open("call-1");
        var offer = WebRtcSdp.Parse(softphone.CreateOffer());
        var answer = WebRtcSdp.CreateAnswer(offer, webRtc);
        webRtc.Start(offer, offer.WeAreDtlsServer);
        await softphone.ConnectAsync(answer, Wait);
        await webRtc.Secured.WaitAsync(Wait);

        var leg = new SoftphoneCallLeg("softphone-agent1-call-1-1", "agent1", webRtc,
            new PromptLibrary(Path.GetTempPath(), NullLogger<PromptLibrary>.Instance));
        var ends = 0;
        var ended = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        leg.Ended += _ =>
        {
            Interlocked.Increment(ref ends);
            ended.TrySetResult();
        };

        // The softphone goes away without a word; half a minute later its consent has lapsed.
        await softphone.DisposeAsync();
        Assert.False(ended.Task.IsCompleted, "the leg ended while the softphone's consent was still fresh");
        time.Advance(IceLiteResponder.ConsentTimeout + TimeSpan.FromSeconds(1));

        await ended.Task.WaitAsync(Wait);
        Assert.True(leg.IsEnded);
        Assert.True(webRtc.Session.IsDisposed, "the ended leg's media port is still open");
        await leg.HangUpAsync();
        Assert.Equal(1, ends);
    }

    /// <summary>Time that moves only when the test says so.</summary>
    private sealed class ManualTime(DateTimeOffset start) : TimeProvider
    {
        private long _ticks = start.UtcTicks;

        public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);

        public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);
    }
}

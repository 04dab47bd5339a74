using System.Net;
using ContactCentre.Media.Tests.Support;
using ContactCentre.Media.WebRtc;

namespace ContactCentre.Media.Tests.WebRtc;

/// <summary>A WebRTC leg against a browser-like peer over real UDP on 127.0.0.1: SDP, ICE, DTLS-SRTP, then audio.</summary>
[Trait("Category", "Integration")]
[Collection(SocketCollection.Name)]
public sealed class WebRtcLegTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
    private static readonly double[] Tones = [400, 600, 1000, 1400];
    private static readonly DtlsCertificate Certificate = DtlsCertificate.Generate();

    [Fact]
    public async Task The_leg_hears_the_peers_1000_Hz_and_the_peer_hears_the_legs_600_Hz()
    {
        using var peer = new BrowserLikePeer();
        using var leg = WebRtcLeg.Open(IPAddress.Loopback, Certificate);
        var offer = WebRtcSdp.Parse(peer.CreateOffer());
        string answerSdp = WebRtcSdp.CreateAnswer(offer, leg);
        leg.Start(offer, offer.WeAreDtlsServer);
        var heardByLeg = new AudioCapture(leg.Session, 2400);

        await peer.ConnectAsync(WebRtcSdp.Parse(answerSdp));
        await leg.Secured.WaitAsync(Patience);
        leg.Session.Play(new ToneSource(600));
        var heardByPeer = peer.Hear(2400);
        peer.SendTone(1000, frames: 50);

        Assert.Equal(1000, Goertzel.DominantFrequency(await heardByLeg.Enough.WaitAsync(Patience), Tones));
        Assert.Equal(600, Goertzel.DominantFrequency(await heardByPeer.WaitAsync(Patience), Tones));
        Assert.True(leg.HasConsent);
    }

    [Fact]
    public async Task Bridged_to_a_plain_RTP_leg_audio_crosses_both_ways()
    {
        using var peer = new BrowserLikePeer();
        using var leg = WebRtcLeg.Open(IPAddress.Loopback, Certificate);
        using var phone = RtpSession.Open(IPAddress.Loopback);
        using var phoneSide = RtpSession.Open(IPAddress.Loopback);
        phone.RemoteEndPoint = phoneSide.LocalEndPoint;
        phoneSide.RemoteEndPoint = phone.LocalEndPoint;
        var offer = WebRtcSdp.Parse(peer.CreateOffer());
        string answerSdp = WebRtcSdp.CreateAnswer(offer, leg);
        leg.Start(offer, offer.WeAreDtlsServer);
        await peer.ConnectAsync(WebRtcSdp.Parse(answerSdp));
        await leg.Secured.WaitAsync(Patience);
        using var bridge = MediaBridge.Connect(leg.Session, phoneSide);
        var heardByPhone = new AudioCapture(phone, 2400);
        var heardByPeer = peer.Hear(2400);

        phone.Play(new ToneSource(400));
        peer.SendTone(1400, frames: 50);

        Assert.Equal(1400, Goertzel.DominantFrequency(await heardByPhone.Enough.WaitAsync(Patience), Tones));
        Assert.Equal(400, Goertzel.DominantFrequency(await heardByPeer.WaitAsync(Patience), Tones));
    }

    [Fact]
    public async Task A_peer_whose_certificate_differs_from_its_SDP_fingerprint_never_gets_media()
    {
        using var peer = new BrowserLikePeer();
        using var leg = WebRtcLeg.Open(IPAddress.Loopback, Certificate);
        var offer = WebRtcSdp.Parse(peer.CreateOffer()) with { Fingerprint = DtlsCertificate.Generate().Fingerprint };
        string answerSdp = WebRtcSdp.CreateAnswer(offer, leg);
        leg.Start(offer, offer.WeAreDtlsServer);

        var connecting = peer.ConnectAsync(WebRtcSdp.Parse(answerSdp));

        await Assert.ThrowsAnyAsync<Exception>(() => leg.Secured.WaitAsync(Patience * 2));
        await Assert.ThrowsAnyAsync<Exception>(() => connecting);
    }

    [Fact]
    public async Task Tampered_replayed_and_junk_datagrams_are_refused_and_the_leg_keeps_hearing()
    {
        using var peer = new BrowserLikePeer();
        using var leg = WebRtcLeg.Open(IPAddress.Loopback, Certificate);
        var offer = WebRtcSdp.Parse(peer.CreateOffer());
        string answerSdp = WebRtcSdp.CreateAnswer(offer, leg);
        leg.Start(offer, offer.WeAreDtlsServer);
        await peer.ConnectAsync(WebRtcSdp.Parse(answerSdp));
        await leg.Secured.WaitAsync(Patience);
        var heard = new AudioCapture(leg.Session, 800);

        var junk = new byte[200];
        new Random(7983).NextBytes(junk);
        foreach (byte first in new byte[] { 0, 2, 20, 63, 64, 127, 128, 150, 191, 192, 255 })
        {
            junk[0] = first;
            peer.SendRaw(junk);
        }

        peer.SendTone(1000, frames: 10);

        Assert.Equal(1000, Goertzel.DominantFrequency(await heard.Enough.WaitAsync(Patience), Tones));
        Assert.True(leg.RefusedDatagrams >= 4, $"refused {leg.RefusedDatagrams}");
    }

    [Fact]
    public async Task When_consent_lapses_the_leg_says_so_once_and_again_after_a_renewed_consent_lapses()
    {
        var time = new ManualTimeProvider();
        using var peer = new BrowserLikePeer();
        using var leg = WebRtcLeg.Open(IPAddress.Loopback, Certificate, time: time);
        var lost = new List<TaskCompletionSource>
        {
            new(TaskCreationOptions.RunContinuationsAsynchronously),
            new(TaskCreationOptions.RunContinuationsAsynchronously),
        };
        int raised = 0;
        leg.ConsentLost += l =>
        {
            Assert.Same(leg, l);
            int index = Interlocked.Increment(ref raised) - 1;
            if (index < lost.Count)
            {
                lost[index].TrySetResult();
            }
        };
        var offer = WebRtcSdp.Parse(peer.CreateOffer());
        var answer = WebRtcSdp.Parse(WebRtcSdp.CreateAnswer(offer, leg));
        leg.Start(offer, offer.WeAreDtlsServer);
        await peer.ConnectAsync(answer);
        await leg.Secured.WaitAsync(Patience);
        Assert.True(leg.HasConsent);

        time.Advance(IceLiteResponder.ConsentTimeout + TimeSpan.FromSeconds(1));
        await lost[0].Task.WaitAsync(Patience);
        Assert.False(leg.HasConsent);

        Assert.Null((await peer.CheckAsync(answer)).ErrorCode); // the browser checks again: consent is back
        Assert.True(leg.HasConsent);
        time.Advance(IceLiteResponder.ConsentTimeout + TimeSpan.FromSeconds(1));
        await lost[1].Task.WaitAsync(Patience);

        Assert.Equal(2, Volatile.Read(ref raised));
    }

    [Fact]
    public async Task A_check_with_the_wrong_password_is_answered_401_over_the_wire()
    {
        using var peer = new BrowserLikePeer();
        using var leg = WebRtcLeg.Open(IPAddress.Loopback, Certificate);
        var offer = WebRtcSdp.Parse(peer.CreateOffer());
        var answer = WebRtcSdp.Parse(WebRtcSdp.CreateAnswer(offer, leg));
        leg.Start(offer, offer.WeAreDtlsServer);

        var response = await peer.CheckAsync(answer with { IcePassword = "notThePasswordAtAll12345" });

        Assert.Equal(401, response.ErrorCode);
        Assert.False(leg.HasConsent);
    }
}

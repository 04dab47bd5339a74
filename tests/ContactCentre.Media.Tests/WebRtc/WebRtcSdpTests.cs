using System.Net;
using ContactCentre.Media.Tests.Support;
using ContactCentre.Media.WebRtc;

namespace ContactCentre.Media.Tests.WebRtc;

[Trait("Category", "Integration")] // opens a leg, so a socket on 127.0.0.1
[Collection(SocketCollection.Name)]
public sealed class WebRtcSdpTests
{
    private const string ChromeOffer =
        "v=0\r\no=- 4611731400430051336 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=group:BUNDLE 0\r\n" +
        "a=extmap-allow-mixed\r\na=msid-semantic: WMS\r\n" +
        "m=audio 9 UDP/TLS/RTP/SAVPF 111 63 9 0 8 13 110 126\r\nc=IN IP4 0.0.0.0\r\na=rtcp:9 IN IP4 0.0.0.0\r\n" +
        "a=candidate:3090138718 1 udp 2113937151 4d2c1a8e-0b1e-4c3f-9a3e-0d8f1b2c3d4e.local 54321 typ host generation 0 network-cost 999\r\n" +
        "a=candidate:842163049 1 udp 1677729535 203.0.113.9 61000 typ srflx raddr 0.0.0.0 rport 0 generation 0\r\n" +
        "a=ice-ufrag:Vq1n\r\na=ice-pwd:Q2mWgRZ8dYc7KJ0c1hU4xvbn\r\na=ice-options:trickle\r\n" +
        "a=fingerprint:sha-256 0A:1B:2C:3D:4E:5F:60:71:82:93:A4:B5:C6:D7:E8:F9:0A:1B:2C:3D:4E:5F:60:71:82:93:A4:B5:C6:D7:E8:F9\r\n" +
        "a=setup:actpass\r\na=mid:0\r\na=sendrecv\r\na=rtcp-mux\r\na=rtcp-rsize\r\n" +
        "a=rtpmap:111 opus/48000/2\r\na=rtpmap:0 PCMU/8000\r\na=rtpmap:8 PCMA/8000\r\na=rtpmap:126 telephone-event/8000\r\n";

    [Fact]
    public void A_Chrome_offer_is_read_for_ICE_DTLS_BUNDLE_and_the_G711_formats()
    {
        var offer = WebRtcSdp.Parse(ChromeOffer);

        Assert.Equal("Vq1n", offer.IceUfrag);
        Assert.Equal("Q2mWgRZ8dYc7KJ0c1hU4xvbn", offer.IcePassword);
        Assert.StartsWith("sha-256 0A:1B", offer.Fingerprint, StringComparison.Ordinal);
        Assert.Equal("actpass", offer.Setup);
        Assert.Equal("0", offer.Mid);
        Assert.True(offer.RtcpMux);
        Assert.Equal([0, 8], offer.AudioFormats.Keys.Order());
        Assert.Equal(126, offer.TelephoneEventPayloadType);
        Assert.Equal([new IPEndPoint(IPAddress.Parse("203.0.113.9"), 61000)], offer.Candidates); // the mDNS name is skipped
        Assert.True(offer.WeAreDtlsServer);
        Assert.Equal(AudioCodec.Pcmu, offer.ChooseCodec());
    }

    [Fact]
    public void The_answer_carries_our_ICE_lite_credentials_fingerprint_passive_setup_mid_and_host_candidate()
    {
        using var leg = WebRtcLeg.Open(IPAddress.Loopback, DtlsCertificate.Generate());

        string answer = WebRtcSdp.CreateAnswer(WebRtcSdp.Parse(ChromeOffer), leg);
        var lines = answer.Split("\r\n");

        Assert.Contains("a=ice-lite", lines);
        Assert.Contains("a=group:BUNDLE 0", lines);
        Assert.Contains("a=mid:0", lines);
        Assert.Contains("a=setup:passive", lines);
        Assert.Contains("a=rtcp-mux", lines);
        Assert.Contains($"a=ice-ufrag:{leg.LocalIce.Ufrag}", lines);
        Assert.Contains($"a=ice-pwd:{leg.LocalIce.Password}", lines);
        Assert.Contains($"a=fingerprint:{leg.Fingerprint}", lines);
        Assert.Contains($"m=audio {leg.LocalEndPoint.Port} UDP/TLS/RTP/SAVPF 0 126", lines);
        Assert.Contains("a=rtpmap:0 PCMU/8000", lines);
        Assert.Contains($"a=candidate:1 1 udp 2130706431 127.0.0.1 {leg.LocalEndPoint.Port} typ host", lines);

        var reread = WebRtcSdp.Parse(answer);
        Assert.True(reread.IceLite);
        Assert.Equal([leg.LocalEndPoint], reread.Candidates);
    }

    [Fact]
    public void A_passive_offer_makes_us_active_and_a_PCMA_only_offer_gets_PCMA()
    {
        using var leg = WebRtcLeg.Open(IPAddress.Loopback, DtlsCertificate.Generate());
        string offerSdp = ChromeOffer.Replace("a=setup:actpass", "a=setup:passive", StringComparison.Ordinal)
            .Replace("a=rtpmap:0 PCMU/8000\r\n", string.Empty, StringComparison.Ordinal);

        var offer = WebRtcSdp.Parse(offerSdp);
        var lines = WebRtcSdp.CreateAnswer(offer, leg).Split("\r\n");

        Assert.False(offer.WeAreDtlsServer);
        Assert.Contains("a=setup:active", lines);
        Assert.Contains("a=rtpmap:8 PCMA/8000", lines);
        Assert.DoesNotContain("a=rtpmap:0 PCMU/8000", lines);
    }

    [Fact]
    public void An_offer_without_G711_is_refused_by_name_rather_than_answered_with_a_codec_it_never_offered()
    {
        using var leg = WebRtcLeg.Open(IPAddress.Loopback, DtlsCertificate.Generate());
        string opusOnly = ChromeOffer.Replace("a=rtpmap:0 PCMU/8000\r\n", string.Empty, StringComparison.Ordinal)
            .Replace("a=rtpmap:8 PCMA/8000\r\n", string.Empty, StringComparison.Ordinal);

        var error = Assert.Throws<NotSupportedException>(() => WebRtcSdp.CreateAnswer(WebRtcSdp.Parse(opusOnly), leg));

        Assert.Contains("PCMU", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Session_level_ICE_and_fingerprint_apply_to_the_audio_line_and_missing_ones_are_named()
    {
        string sessionLevel = "v=0\r\ns=-\r\na=ice-ufrag:abcd\r\na=ice-pwd:0123456789012345678901\r\na=fingerprint:sha-256 AA:BB\r\n" +
            "m=audio 9 UDP/TLS/RTP/SAVPF 0\r\na=rtcp-mux\r\na=rtpmap:0 PCMU/8000\r\n";

        var offer = WebRtcSdp.Parse(sessionLevel);

        Assert.Equal("abcd", offer.IceUfrag);
        Assert.Equal("sha-256 AA:BB", offer.Fingerprint);
        var error = Assert.Throws<FormatException>(() => WebRtcSdp.Parse(sessionLevel.Replace("a=fingerprint:sha-256 AA:BB\r\n", string.Empty, StringComparison.Ordinal)));
        Assert.Contains("fingerprint", error.Message, StringComparison.Ordinal);
    }
}

using System.Net;

namespace ContactCentre.Sip.Tests;

[Trait("Category", "Unit")]
public sealed class SdpMessageSpec
{
    /// <summary>Shaped like a Linphone/Chromium audio offer (without ICE/DTLS lines).</summary>
    internal const string BrowserOffer =
        "v=0\r\n" +
        "o=- 4611731400430051336 2 IN IP4 127.0.0.1\r\n" +
        "s=-\r\n" +
        "t=0 0\r\n" +
        "a=msid-semantic: WMS\r\n" +
        "m=audio 40376 RTP/AVP 111 0 8 9 101\r\n" +
        "c=IN IP4 192.0.2.55\r\n" +
        "a=rtcp:9 IN IP4 0.0.0.0\r\n" +
        "a=rtpmap:111 opus/48000/2\r\n" +
        "a=fmtp:111 minptime=10;useinbandfec=1\r\n" +
        "a=rtpmap:101 telephone-event/8000\r\n" +
        "a=fmtp:101 0-16\r\n" +
        "a=ptime:20\r\n" +
        "a=sendrecv\r\n";

    [Fact]
    public void A_browser_like_offer_resolves_rtpmap_fmtp_and_static_payload_types()
    {
        Assert.True(SdpMessage.TryParse(BrowserOffer, out var sdp, out var error), error);

        var audio = sdp!.Audio!;
        Assert.Equal(40376, audio.Port);
        Assert.Equal("RTP/AVP", audio.Protocol);
        Assert.Equal("192.0.2.55", sdp.ConnectionAddress);
        Assert.Equal(20, audio.Ptime);
        Assert.Equal("sendrecv", audio.Direction);
        Assert.Equal(
            [
                new SdpFormat(111, "opus", 48000, "minptime=10;useinbandfec=1"),
                SdpFormat.Pcmu,
                SdpFormat.Pcma,
                new SdpFormat(9, "G722", 8000),
                new SdpFormat(101, "telephone-event", 8000, "0-16"),
            ],
            audio.Formats);
        Assert.Contains("rtcp:9 IN IP4 0.0.0.0", audio.OtherAttributes);
    }

    [Fact]
    public void A_session_level_connection_and_direction_apply_to_the_audio()
    {
        const string text = "v=0\r\no=- 1 1 IN IP4 10.1.1.1\r\ns=call\r\nc=IN IP4 10.1.1.1\r\nt=0 0\r\na=recvonly\r\nm=audio 5004 RTP/AVP 8\r\n";

        Assert.True(SdpMessage.TryParse(text, out var sdp, out var error), error);
        Assert.Equal("10.1.1.1", sdp!.ConnectionAddress);
        Assert.Equal("recvonly", sdp.Audio!.Direction);
        Assert.Equal([SdpFormat.Pcma], sdp.Audio.Formats);
    }

    [Theory]
    [InlineData("v=0\r\no=- 1 1 IN IP4 1.1.1.1\r\nm=audio x RTP/AVP 0\r\n", "Malformed m= line")]
    [InlineData("v=0\r\no=- 1 1 IN IP4 1.1.1.1\r\nm=audio 4000 RTP/AVP 0\r\na=rtpmap:zero PCMU/8000\r\n", "Malformed rtpmap")]
    [InlineData("v=0\r\nthis is not sdp\r\n", "not type=value")]
    [InlineData("v=1\r\n", "Unsupported SDP version")]
    public void Malformed_sdp_is_rejected_naming_the_fault(string text, string expected)
    {
        Assert.False(SdpMessage.TryParse(text, out var sdp, out var error));
        Assert.Null(sdp);
        Assert.Contains(expected, error);
    }

    [Fact]
    public void A_created_audio_description_serializes_with_crlf_and_parses_back()
    {
        var created = SdpMessage.CreateAudio(IPAddress.Parse("10.0.0.9"), 30000,
            [SdpFormat.Pcma, SdpFormat.TelephoneEvent], "sendonly", sessionId: 42);

        var text = created.ToString();
        Assert.Contains("o=- 42 42 IN IP4 10.0.0.9\r\n", text);
        Assert.Contains("m=audio 30000 RTP/AVP 8 101\r\n", text);
        Assert.Contains("a=fmtp:101 0-16\r\n", text);
        Assert.DoesNotContain("\n", text.Replace("\r\n", "", StringComparison.Ordinal));

        Assert.True(SdpMessage.TryParse(text, out var parsed, out var error), error);
        Assert.Equal("10.0.0.9", parsed!.ConnectionAddress);
        Assert.Equal(30000, parsed.Audio!.Port);
        Assert.Equal("sendonly", parsed.Audio.Direction);
        Assert.Equal(created.Audio!.Formats, parsed.Audio.Formats);
    }
}

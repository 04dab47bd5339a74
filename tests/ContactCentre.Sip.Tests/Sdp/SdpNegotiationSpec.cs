using System.Net;

namespace ContactCentre.Sip.Tests;

[Trait("Category", "Unit")]
public sealed class SdpNegotiationSpec
{
    private static SdpMessage Offer(string text = SdpMessageSpec.BrowserOffer)
    {
        Assert.True(SdpMessage.TryParse(text, out var sdp, out var error), error);
        return sdp!;
    }

    [Fact]
    public void The_callers_first_codec_we_support_wins_over_our_own_order()
    {
        var choice = SdpNegotiation.Choose(Offer(), ["PCMA", "PCMU"]);

        Assert.NotNull(choice);
        Assert.Equal(SdpFormat.Pcmu, choice.Codec);
        Assert.Equal(101, choice.TelephoneEvent!.PayloadType);
        Assert.Equal(new IPEndPoint(IPAddress.Parse("192.0.2.55"), 40376), choice.RemoteRtp);
    }

    [Fact]
    public void Encoding_names_match_case_insensitively()
    {
        var choice = SdpNegotiation.Choose(Offer(), ["pcma"]);

        Assert.Equal(SdpFormat.Pcma, choice!.Codec);
    }

    [Fact]
    public void No_common_codec_gives_no_choice()
    {
        Assert.Null(SdpNegotiation.Choose(Offer(), ["G729", "telephone-event"]));
    }

    [Fact]
    public void An_offer_without_telephone_event_gives_none()
    {
        var offer = Offer(SdpMessage.CreateAudio(IPAddress.Loopback, 4000, [SdpFormat.Pcma]).ToString());

        var choice = SdpNegotiation.Choose(offer, ["PCMA"]);

        Assert.Equal(SdpFormat.Pcma, choice!.Codec);
        Assert.Null(choice.TelephoneEvent);
    }

    [Fact]
    public void A_rejected_audio_stream_gives_no_choice()
    {
        var offer = Offer(SdpMessage.CreateAudio(IPAddress.Loopback, 0, [SdpFormat.Pcmu]).ToString());

        Assert.Null(SdpNegotiation.Choose(offer, ["PCMU"]));
    }
}

using System.Net;
using ContactCentre.Media;
using ContactCentre.Sip;

namespace ContactCentre.Host.Calls;

/// <summary>The codecs the contact centre speaks on RTP legs, and the SDP it offers and answers with.</summary>
public static class SipMediaOffer
{
    public static readonly IReadOnlyCollection<string> SupportedCodecs = ["PCMU", "PCMA"];

    public static IReadOnlyList<SdpFormat> OfferedFormats { get; } =
    [
        new(0, "PCMU", 8000),
        new(8, "PCMA", 8000),
        new(101, "telephone-event", 8000, "0-16"),
    ];

    public static string Offer(RtpSession media) =>
        SdpMessage.CreateAudio(media.LocalEndPoint.Address, media.LocalEndPoint.Port, OfferedFormats).ToString();

    public static string Answer(RtpSession media, SdpAnswerChoice choice)
    {
        var formats = new List<SdpFormat> { choice.Codec };
        if (choice.TelephoneEvent is not null) formats.Add(choice.TelephoneEvent);
        return SdpMessage.CreateAudio(media.LocalEndPoint.Address, media.LocalEndPoint.Port, formats).ToString();
    }

    /// <summary>Points the RTP session at what the negotiation chose.</summary>
    public static void Apply(RtpSession media, SdpAnswerChoice choice)
    {
        media.UseNegotiated(choice.RemoteRtp, choice.Codec.EncodingName, choice.TelephoneEvent?.PayloadType);
    }
}

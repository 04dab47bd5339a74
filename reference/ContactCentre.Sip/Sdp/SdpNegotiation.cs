using System.Net;

namespace ContactCentre.Sip;

/// <summary>Offer/answer codec choice (RFC 3264 §6.1): the answerer honours the offerer's preference order.</summary>
public static class SdpNegotiation
{
    public static SdpAnswerChoice? Choose(SdpMessage offer, IReadOnlyCollection<string> supportedCodecs)
    {
        var audio = offer.Audio;
        if (audio is null || audio.Port == 0 || !IPAddress.TryParse(offer.ConnectionAddress, out var address))
        {
            return null;
        }
        var codec = audio.Formats.FirstOrDefault(f => !f.IsTelephoneEvent
            && supportedCodecs.Contains(f.EncodingName, StringComparer.OrdinalIgnoreCase));
        if (codec is null)
        {
            return null;
        }
        var events = audio.Formats.Where(f => f.IsTelephoneEvent).ToList();
        var telephoneEvent = events.FirstOrDefault(f => f.ClockRate == codec.ClockRate) ?? events.FirstOrDefault();
        return new SdpAnswerChoice(codec, telephoneEvent, new IPEndPoint(address, audio.Port));
    }
}

using System.Net;
using ContactCentre.Actors;
using ContactCentre.Actors.Calls;
using ContactCentre.Domain.Configuration;
using ContactCentre.Media;
using ContactCentre.Sip;

namespace ContactCentre.Host.Calls;

/// <summary>
/// The front door for callers: finds the service number's flow, agrees a codec, answers, and hands
/// the call to a call actor. Everything it refuses gets the SIP response that says why.
/// </summary>
public sealed class InboundCalls(
    ContactCentreConfiguration configuration,
    ContactCentreActors actors,
    PromptLibrary prompts,
    IPAddress mediaAddress,
    TimeProvider time,
    ILogger<InboundCalls> log)
{
    public async Task OnInviteAsync(IncomingCall call)
    {
        var invite = call.Invite;
        var dialled = DialledNumber(invite);
        if ((dialled is null ? null : configuration.Resolve(dialled)) is not ({ } number, { } flow))
        {
            log.LogInformation("INVITE for unknown number '{Number}' from {Remote}: 404", dialled ?? invite.RequestUri, call.RemoteEndPoint);
            await call.RejectAsync(404, "Not Found");
            return;
        }

        if (!SdpMessage.TryParse(invite.BodyText, out var offer, out var sdpError) || offer is null)
        {
            log.LogInformation("INVITE to {Number} without a usable SDP offer ({Error}): 488", dialled, sdpError);
            await call.RejectAsync(488, "Not Acceptable Here");
            return;
        }
        var choice = SdpNegotiation.Choose(offer, SipMediaOffer.SupportedCodecs);
        if (choice is null)
        {
            log.LogInformation("INVITE to {Number} offers no codec we speak: 488", dialled);
            await call.RejectAsync(488, "Not Acceptable Here");
            return;
        }

        var media = RtpSession.Open(mediaAddress);
        SipDialog dialog;
        try
        {
            SipMediaOffer.Apply(media, choice);
            dialog = await call.AcceptAsync(SipMediaOffer.Answer(media, choice));
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            media.Dispose();
            log.LogWarning("Call from {Remote} to {Number} failed before it was answered: {Error}", call.RemoteEndPoint, dialled, e.Message);
            return;
        }

        var caller = NameAddress.TryParse(invite.From ?? "", out var from) && from is not null
            ? from.Uri.User ?? from.Uri.ToString()
            : "anonymous";
        var leg = new SipCallLeg($"caller-{dialog.CallId}", dialog, media, prompts);
        actors.StartCall(leg, flow, new CallInfo(dialog.CallId, number.E164, caller, time.GetUtcNow()));
        log.LogInformation("Call {CallId} from {Caller} to {Number} answered with {Codec}", dialog.CallId, caller, number, choice.Codec.EncodingName);
    }

    /// <summary>The number the caller dialled: the Request-URI's user part, else the To header's.</summary>
    private static string? DialledNumber(SipRequest invite)
    {
        if (SipUri.TryParse(invite.RequestUri, out var uri) && !string.IsNullOrEmpty(uri?.User))
            return uri.User;
        return NameAddress.TryParse(invite.To ?? "", out var to) ? to?.Uri.User : null;
    }
}

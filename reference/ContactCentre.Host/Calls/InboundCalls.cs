using System.Net;
using ContactCentre.Actors;
using ContactCentre.Actors.Calls;
using ContactCentre.Domain.Configuration;
using ContactCentre.Domain.ServiceNumbers;
using ContactCentre.Media;
using ContactCentre.Sip;

namespace ContactCentre.Host.Calls;

/// <summary>
/// The front door for callers: finds the service number's flow (<see cref="DialledNumbers"/> says which
/// numbers of the INVITE are tried, in what order), agrees a codec, answers, and hands the call to a call actor. Everything it refuses gets the SIP response that says why.
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
        var candidates = DialledNumbers.Of(invite);
        if (configuration.Resolve(candidates) is not ({ } match, { } flow))
        {
            // A warning: usually a number the carrier routes here that nobody configured.
            log.LogWarning("INVITE from {Remote} is for no service number ({Candidates}): 404", call.RemoteEndPoint, DialledNumber.Describe(candidates));
            await call.RejectAsync(404, "Not Found");
            return;
        }
        var number = match.Number;
        var dialled = match.ByAlias || match.MatchedBy.Source != "Request-URI"
            ? $"{number} (dialled {match.Dialled}, from {match.MatchedBy.Source})"
            : number.E164;

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
        // A go-to may name any flow being served now (the stored versions, when the flows are administered).
        actors.StartCall(leg, flow, new CallInfo(dialog.CallId, number.E164, caller, time.GetUtcNow()),
            name => configuration.Flows.GetValueOrDefault(name));
        log.LogInformation("Call {CallId} from {Caller} to {Number} answered with {Codec}", dialog.CallId, caller, dialled, choice.Codec.EncodingName);
    }
}

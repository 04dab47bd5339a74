using System.Net;
using ContactCentre.Actors.Ports;
using ContactCentre.Domain.Agents;
using ContactCentre.Media;
using ContactCentre.Sip;

namespace ContactCentre.Host.Calls;

/// <summary>
/// Rings an agent's external phone (a SIP URI) with an INVITE; the answered dialog becomes the agent's leg.
/// An offer that rings longer than the offer timeout is cancelled.
/// </summary>
public sealed class SipAgentDialer(
    SipEndpoint sip,
    SipAccess access,
    PromptLibrary prompts,
    IPAddress mediaAddress,
    TimeSpan offerTimeout,
    ILogger<SipAgentDialer> log) : IAgentDialer
{
    public async Task<DialResult> DialAsync(AgentDevice device, OfferDetails offer, CancellationToken cancel)
    {
        (string RequestUri, IPEndPoint Destination)? located;
        try
        {
            located = await access.LocateAsync(device.SipUri, sip, cancel);
        }
        catch (SipHostNotResolvedException e)
        {
            return new DialResult(null, $"the device '{device.SipUri}' cannot be reached: {e.Message}");
        }
        if (located is not ({ } requestUri, { } destination))
            return new DialResult(null, $"the device '{device.SipUri}' is neither registered nor a SIP URI");

        var media = RtpSession.Open(mediaAddress);
        using var ringing = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        ringing.CancelAfter(offerTimeout);
        try
        {
            var from = $"sip:{Sanitise(offer.Caller)}@{sip.LocalEndPoint.Address}:{sip.LocalEndPoint.Port}";
            var options = new OutgoingCallOptions(requestUri, destination, from, device.SipUri, SipMediaOffer.Offer(media))
            {
                FromDisplayName = $"{offer.Queue}: {offer.Caller}",
                ExtraHeaders = [new("X-Queue", offer.Queue), new("X-Call-Id", offer.CallId)],
            };
            var result = await sip.InviteAsync(options, ringing.Token);
            if (!result.Answered)
            {
                media.Dispose();
                var why = cancel.IsCancellationRequested ? "cancelled" :
                    ringing.IsCancellationRequested ? $"no answer in {offerTimeout.TotalSeconds:0} s" :
                    $"{result.FinalResponse.StatusCode} {result.FinalResponse.Reason}";
                return new DialResult(null, why);
            }

            var dialog = result.Dialog!;
            if (!SdpMessage.TryParse(dialog.RemoteSdp, out var answer, out _) || answer is null
                || SdpNegotiation.Choose(answer, SipMediaOffer.SupportedCodecs) is not { } choice)
            {
                log.LogWarning("Agent device {Device} answered without a usable SDP; hanging up", device.SipUri);
                await dialog.HangUpAsync(CancellationToken.None);
                media.Dispose();
                return new DialResult(null, "the agent's phone answered without a usable codec");
            }
            SipMediaOffer.Apply(media, choice);
            return new DialResult(new SipCallLeg($"agent-{dialog.CallId}", dialog, media, prompts), "answered");
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            media.Dispose();
            log.LogWarning("Ringing {Device} failed: {Error}", device.SipUri, e.Message);
            return new DialResult(null, e.Message);
        }
    }

    private static string Sanitise(string caller)
    {
        var user = new string(caller.Where(c => char.IsAsciiLetterOrDigit(c) || c is '+' or '-' or '.' or '_').ToArray());
        return user.Length > 0 ? user : "anonymous";
    }
}

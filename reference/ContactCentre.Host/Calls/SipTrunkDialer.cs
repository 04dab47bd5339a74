using System.Net;
using ContactCentre.Actors.Ports;
using ContactCentre.Media;
using ContactCentre.Sip;

namespace ContactCentre.Host.Calls;

/// <summary>
/// Dials a flow's transfer out through a carrier trunk: an INVITE for the number to the trunk's outbound proxy,
/// answering the carrier's 401/407 with the trunk's credentials. The answered dialog becomes the far end's leg.
/// </summary>
public sealed class SipTrunkDialer(
    SipEndpoint sip,
    IReadOnlyList<SipTrunk> trunks,
    PromptLibrary prompts,
    IPAddress mediaAddress,
    TimeSpan ringTimeout,
    ILogger<SipTrunkDialer> log) : ITrunkDialer
{
    public async Task<DialResult> DialAsync(string number, string? trunkName, TransferDetails details, CancellationToken cancel)
    {
        if (Choose(trunkName) is not { OutboundProxy: { } proxy } trunk)
            return new DialResult(null, trunkName is null
                ? "no trunk has an outboundProxy to dial through"
                : $"trunk '{trunkName}' is not configured or has no outboundProxy");

        var media = RtpSession.Open(mediaAddress);
        using var ringing = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        ringing.CancelAfter(ringTimeout);
        try
        {
            var target = $"sip:{number}@{proxy.Address}:{proxy.Port}";
            var from = $"sip:{Caller(details.Caller)}@{sip.LocalEndPoint.Address}:{sip.LocalEndPoint.Port}";
            var options = new OutgoingCallOptions(target, proxy, from, target, SipMediaOffer.Offer(media))
            {
                Credentials = trunk.Credentials,
                Transport = trunk.Transport,
                ExtraHeaders = [new("X-Call-Id", details.CallId)],
            };
            var result = await sip.InviteAsync(options, ringing.Token);
            if (!result.Answered)
            {
                media.Dispose();
                var why = cancel.IsCancellationRequested ? "cancelled" :
                    ringing.IsCancellationRequested ? $"no answer in {ringTimeout.TotalSeconds:0} s" :
                    $"{result.FinalResponse.StatusCode} {result.FinalResponse.Reason}";
                return new DialResult(null, $"{why} (trunk '{trunk.Name}')");
            }

            var dialog = result.Dialog!;
            if (!SdpMessage.TryParse(dialog.RemoteSdp, out var answer, out _) || answer is null
                || SdpNegotiation.Choose(answer, SipMediaOffer.SupportedCodecs) is not { } choice)
            {
                await dialog.HangUpAsync(CancellationToken.None);
                media.Dispose();
                return new DialResult(null, $"{number} answered without a usable codec (trunk '{trunk.Name}')");
            }
            SipMediaOffer.Apply(media, choice);
            return new DialResult(new SipCallLeg($"transfer-{dialog.CallId}", dialog, media, prompts), "answered");
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            media.Dispose();
            log.LogWarning("Dialling {Number} through trunk {Trunk} failed: {Error}", number, trunk.Name, e.Message);
            return new DialResult(null, $"{e.Message} (trunk '{trunk.Name}')");
        }
    }

    /// <summary>The named trunk, or the first that can dial out when the flow names none.</summary>
    private SipTrunk? Choose(string? name) =>
        name is null
            ? trunks.FirstOrDefault(t => t.OutboundProxy is not null)
            : trunks.FirstOrDefault(t => string.Equals(t.Name, name, StringComparison.Ordinal));

    /// <summary>The caller's number as the From user part (the carrier shows it as the caller ID).</summary>
    private static string Caller(string caller)
    {
        var user = new string(caller.Where(c => char.IsAsciiDigit(c) || c == '+').ToArray());
        return user.Length > 0 ? user : "anonymous";
    }
}

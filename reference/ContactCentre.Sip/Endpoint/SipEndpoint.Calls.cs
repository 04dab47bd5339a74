using System.Globalization;
using System.Net;
using System.Text;

namespace ContactCentre.Sip;

/// <summary>The UAC side of calls: INVITE, ACK for 2xx, CANCEL (RFC 3261 §13.2, §9.1).</summary>
public sealed partial class SipEndpoint
{
    /// <summary>
    /// Places a call. Cancelling <paramref name="cancel"/> sends CANCEL; the result then carries the 487,
    /// or, if the 2xx won the race, the 2xx with the call already ACKed and hung up (no dialog).
    /// </summary>
    public async Task<OutgoingCallResult> InviteAsync(OutgoingCallOptions options, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var invite = CreateInvite(options);
        // RFC 3261 §18.1.1: an INVITE over the UDP limit goes over TCP; its Via, Contact and the dialog follow.
        if (options.Transport == SipTransportKind.Udp && _tcp is not null
            && invite.ToBytes().Length > UdpChannel.CongestionSafeSize)
        {
            options = options with { Transport = SipTransportKind.Tcp };
            invite = CreateInvite(options);
        }
        SipDialog? dialog = null;
        var cancelled = false;
        var answeredRealms = new HashSet<string>(StringComparer.Ordinal);
        SipResponse final;
        for (var attempt = 0; ; attempt++)
        {
            var key = TransactionKeys.Client(invite)!;
            var transaction = new InviteClientTransaction(key, invite, options.Transport == SipTransportKind.Tcp, Timers,
                bytes => SendAsync(bytes, options.Destination, options.Transport), RemoveClientTransaction)
            {
                OnProvisional = options.OnProvisional,
                On2xxRetransmission = _ => dialog?.AckBytes is { } ack
                    ? SendAsync(ack, dialog.NextHop().EndPoint, dialog.NextHop().Transport)
                    : Task.CompletedTask,
            };
            AddClientTransaction(key, transaction, options.Destination, options.Transport);
            using (cancel.Register(() =>
            {
                cancelled = true;
                _ = SendCancelAsync(transaction, options);
            }))
            {
                final = await transaction.RunAsync().ConfigureAwait(false);
            }
            // RFC 3261 §22.2: a 401/407 is answered by re-sending with credentials, a new CSeq and the same Call-ID.
            if (cancelled || cancel.IsCancellationRequested || options.Credentials is not { } credentials
                || attempt >= ChallengeAnswer.MaxRetries
                || ChallengeAnswer.Retry(invite, final, credentials, answeredRealms) is not { } retry)
            {
                break;
            }
            // The Authorization can push the INVITE over the UDP limit: the retry then goes over TCP (§18.1.1).
            if (TransportFor(retry, options.Transport) is var transport && transport != options.Transport)
            {
                options = options with { Transport = transport };
                retry.Headers.Set(HeaderNames.Contact, ContactHeader(CallerUser(retry), transport));
            }
            retry.Headers.Prepend(HeaderNames.Via, NewVia(options.Transport));
            invite = retry;
        }
        if (!final.IsSuccess)
        {
            return new OutgoingCallResult(final, null);
        }
        dialog = SipDialog.ForClient(this, invite, final, options.Destination, options.Transport);
        var ackRequest = dialog.CreateRequest(SipMethods.Ack, invite.CSeq!.Value.Number);
        ackRequest.Headers.Prepend(HeaderNames.Via, NewVia(options.Transport));
        dialog.AckBytes = ackRequest.ToBytes();
        AddDialog(dialog);
        await SendAsync(dialog.AckBytes, dialog.NextHop().EndPoint, dialog.NextHop().Transport).ConfigureAwait(false);
        if (cancelled)
        {
            await dialog.HangUpAsync("cancelled after answer").ConfigureAwait(false);
            return new OutgoingCallResult(final, null);
        }
        return new OutgoingCallResult(final, dialog);
    }

    /// <summary>
    /// Sends a non-INVITE request (e.g. REGISTER) and answers 401/407 challenges with <paramref name="credentials"/>
    /// (RFC 3261 §22.2, §22.3): each retry has the same Call-ID and From tag, the next CSeq and a new branch.
    /// Returns the last response: a success, a failure, or the challenge the credentials could not satisfy.
    /// </summary>
    public async Task<SipResponse> SendRequestAsync(SipRequest request, IPEndPoint destination, SipCredentials credentials,
        SipTransportKind transport = SipTransportKind.Udp, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        var response = await SendRequestAsync(request, destination, transport, ct).ConfigureAwait(false);
        var answeredRealms = new HashSet<string>(StringComparer.Ordinal);
        for (var attempt = 0; attempt < ChallengeAnswer.MaxRetries; attempt++)
        {
            if (ChallengeAnswer.Retry(request, response, credentials, answeredRealms) is not { } retry)
            {
                break;
            }
            request = retry;
            response = await SendNonInviteAsync(request, destination, transport, ct).ConfigureAwait(false);
        }
        return response;
    }

    private static string CallerUser(SipRequest invite) =>
        NameAddress.TryParse(invite.From ?? "", out var from) ? from!.Uri.User ?? "caller" : "caller";

    private SipRequest CreateInvite(OutgoingCallOptions options)
    {
        var from = new NameAddress(options.FromDisplayName, SipUri.Parse(options.FromUri), new OrderedParameters())
            .WithTag(NewTag());
        var to = new NameAddress(null, SipUri.Parse(options.ToUri), new OrderedParameters());
        var invite = new SipRequest(SipMethods.Invite, options.RequestUri);
        invite.Headers.Add(HeaderNames.Via, NewVia(options.Transport));
        invite.Headers.Add(HeaderNames.MaxForwards, "70");
        invite.Headers.Add(HeaderNames.From, from.ToString());
        invite.Headers.Add(HeaderNames.To, to.ToString());
        invite.Headers.Add(HeaderNames.CallId, NewCallId());
        invite.Headers.Add(HeaderNames.CSeq, $"{1.ToString(CultureInfo.InvariantCulture)} {SipMethods.Invite}");
        invite.Headers.Add(HeaderNames.Contact, ContactHeader(from.Uri.User ?? "caller", options.Transport));
        invite.Headers.Add(HeaderNames.Allow, SipMethods.Allowed);
        invite.Headers.Add(HeaderNames.UserAgent, _options.UserAgent);
        foreach (var (name, value) in options.ExtraHeaders)
        {
            invite.Headers.Add(name, value);
        }
        invite.Headers.Set(HeaderNames.ContentType, "application/sdp");
        invite.Body = Encoding.UTF8.GetBytes(options.SdpOffer);
        return invite;
    }

    /// <summary>RFC 3261 §9.1: CANCEL only once a provisional response has arrived.</summary>
    private async Task SendCancelAsync(InviteClientTransaction transaction, OutgoingCallOptions options)
    {
        try
        {
            await transaction.ProvisionalReceived.ConfigureAwait(false);
            if (transaction.HasFinalResponse)
            {
                return;
            }
            transaction.StartCancelTimer();
            await SendNonInviteAsync(SipResponses.Cancel(transaction.Invite), options.Destination, options.Transport,
                CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            Log($"CANCEL for {transaction.Invite.CallId} failed: {e.Message}");
        }
    }
}

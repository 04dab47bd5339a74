using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace ContactCentre.Sip;

/// <summary>
/// Session modification inside a dialog: re-INVITE (RFC 3261 §14) and UPDATE (RFC 3311), e.g. hold with
/// <c>a=sendonly</c> / <c>a=inactive</c> and unhold with <c>a=sendrecv</c>; 491 on glare.
/// </summary>
public sealed partial class SipDialog
{
    private int _clientOffer;
    private int _serverInvite;
    private TaskCompletionSource? _reinviteAck;
    private uint _reinviteAckSeq;

    /// <summary>
    /// Sends a re-INVITE with <paramref name="sdp"/> and ACKs its 2xx (RFC 3261 §14.1). Returns the final
    /// response: 2xx updates <see cref="LocalSdp"/>/<see cref="RemoteSdp"/>; 491 means glare and the caller
    /// retries after a random wait; 481/408 end the dialog (§12.2.1.2).
    /// </summary>
    /// <exception cref="InvalidOperationException">Another INVITE or offer is in progress in this dialog.</exception>
    public async Task<SipResponse> ReinviteAsync(string sdp)
    {
        ArgumentNullException.ThrowIfNull(sdp);
        BeginClientOffer();
        try
        {
            var invite = CreateOffer(SipMethods.Invite, sdp);
            var hop = NextHop();
            var response = await _endpoint.SendInviteInDialogAsync(invite, hop, ResendAckAsync).ConfigureAwait(false);
            if (response.IsSuccess)
            {
                RefreshTarget(response);
                UpdateSdp(sdp, response.BodyText);
                OnSessionRefreshed(invite, response, asUac: true);
                var ack = CreateRequest(SipMethods.Ack, invite.CSeq!.Value.Number);
                ack.Headers.Prepend(HeaderNames.Via, _endpoint.NewVia(hop.Transport));
                AckBytes = ack.ToBytes();
                await _endpoint.SendAsync(AckBytes, hop.EndPoint, hop.Transport).ConfigureAwait(false);
            }
            else
            {
                await OnRequestFailedAsync(response).ConfigureAwait(false);
            }
            return response;
        }
        finally
        {
            Volatile.Write(ref _clientOffer, 0);
        }
    }

    /// <summary>
    /// Sends an UPDATE with <paramref name="sdp"/> (RFC 3311 §5.1); a 2xx carries the answer and updates
    /// <see cref="LocalSdp"/>/<see cref="RemoteSdp"/>, 491 means glare.
    /// </summary>
    /// <exception cref="InvalidOperationException">Another INVITE or offer is in progress in this dialog.</exception>
    public async Task<SipResponse> UpdateAsync(string sdp, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(sdp);
        BeginClientOffer();
        try
        {
            var update = CreateOffer(SipMethods.Update, sdp);
            var response = await SendAsync(update, ct).ConfigureAwait(false);
            if (response.IsSuccess)
            {
                RefreshTarget(response);
                UpdateSdp(sdp, response.BodyText);
                OnSessionRefreshed(update, response, asUac: true);
            }
            else
            {
                await OnRequestFailedAsync(response).ConfigureAwait(false);
            }
            return response;
        }
        finally
        {
            Volatile.Write(ref _clientOffer, 0);
        }
    }

    private void BeginClientOffer()
    {
        ObjectDisposedException.ThrowIf(IsTerminated, this);
        // RFC 3261 §14.1: no new INVITE while another INVITE transaction is in progress in either direction.
        if (Volatile.Read(ref _serverInvite) != 0 || Interlocked.CompareExchange(ref _clientOffer, 1, 0) != 0)
        {
            throw new InvalidOperationException(
                $"An INVITE or offer is already in progress in dialog {CallId}; send this one when it completes.");
        }
    }

    private SipRequest CreateOffer(string method, string sdp)
    {
        var request = CreateRequest(method);
        request.Headers.Add(HeaderNames.Contact, _endpoint.ContactHeader(LocalUser, Transport));
        request.Headers.Add(HeaderNames.Allow, SipMethods.Allowed);
        AddSessionTimerHeaders(request);
        request.Headers.Set(HeaderNames.ContentType, "application/sdp");
        request.Body = Encoding.UTF8.GetBytes(sdp);
        return request;
    }

    private Task ResendAckAsync() => AckBytes is { } ack
        ? _endpoint.SendAsync(ack, NextHop().EndPoint, NextHop().Transport)
        : Task.CompletedTask;

    /// <summary>RFC 3261 §12.2.1.2: a 481 or 408 to an in-dialog request ends the dialog.</summary>
    private async Task OnRequestFailedAsync(SipResponse response)
    {
        if (response.StatusCode == 481)
        {
            EndWithoutBye("481 to an in-dialog request");
        }
        else if (response.StatusCode == 408)
        {
            await HangUpAsync("408 to an in-dialog request").ConfigureAwait(false);
        }
    }

    /// <summary>A received re-INVITE: glare checks, target refresh, then the application answers it.</summary>
    private async Task<bool> OnReinviteAsync(SipServerRequest request)
    {
        var invite = request.Request;
        if (Volatile.Read(ref _clientOffer) != 0)
        {
            await request.RespondAsync(491, "Request Pending").ConfigureAwait(false);
            return true;
        }
        if (Interlocked.CompareExchange(ref _serverInvite, 1, 0) != 0)
        {
            // RFC 3261 §14.2: a second INVITE before the first is answered gets 500 with a Retry-After of 0-10 s.
            var retry = RandomNumberGenerator.GetInt32(0, 11).ToString(CultureInfo.InvariantCulture);
            await request.RespondAsync(500, "Server Internal Error", extraHeaders: [new("Retry-After", retry)])
                .ConfigureAwait(false);
            return true;
        }
        RefreshTarget(invite);
        lock (_gate)
        {
            // A UAC sends a new INVITE only after the ACK of the previous one (RFC 3261 §14.1), so this
            // re-INVITE stands for a late or lost ACK: stop repeating the previous 2xx.
            _reinviteAck?.TrySetResult();
            _reinviteAck = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _reinviteAckSeq = invite.CSeq!.Value.Number;
        }
        if (!NegotiateSessionTimer(request, out var rejection))
        {
            ReinviteClosed();
            await rejection!.ConfigureAwait(false);
            return true;
        }
        await DeliverAsync(request).ConfigureAwait(false);
        return true;
    }

    /// <summary>A received UPDATE (RFC 3311 §5.2): 491 while our own offer is outstanding.</summary>
    private async Task<bool> OnUpdateAsync(SipServerRequest request)
    {
        if (Volatile.Read(ref _clientOffer) != 0)
        {
            await request.RespondAsync(491, "Request Pending").ConfigureAwait(false);
            return true;
        }
        RefreshTarget(request.Request);
        if (!NegotiateSessionTimer(request, out var rejection))
        {
            await rejection!.ConfigureAwait(false);
            return true;
        }
        await DeliverAsync(request).ConfigureAwait(false);
        return true;
    }

    /// <summary>
    /// Called just before the application's final response to a re-INVITE goes out. A new re-INVITE is allowed from
    /// now on, not only once the send has completed (RFC 3261 §14.2 refuses only one that arrives before the final
    /// response): the peer may ACK and send its next re-INVITE the moment it has our response, and on a loaded machine
    /// that can be read before the code after our send runs. Returns the wait for a 2xx's ACK, taken before a next
    /// re-INVITE can replace it; null for other responses.
    /// </summary>
    internal Task? OnFinalResponseSending(SipRequest request, SipResponse response)
    {
        if (request.Method != SipMethods.Invite || response.StatusCode < 200)
        {
            return null;
        }
        Task? ack = null;
        if (response.IsSuccess)
        {
            lock (_gate)
            {
                ack = _reinviteAck?.Task ?? Task.CompletedTask;
            }
        }
        ReinviteClosed();
        return ack;
    }

    /// <summary>The re-INVITE in progress got its final response: a new one is allowed.</summary>
    internal void ReinviteClosed() => Volatile.Write(ref _serverInvite, 0);

    /// <summary>Called once a final response to an in-dialog request has been sent.</summary>
    /// <param name="ack">From <see cref="OnFinalResponseSending"/>: the ACK a 2xx to a re-INVITE waits for.</param>
    internal void OnResponseSent(ServerTransaction transaction, SipResponse response, Task? ack)
    {
        var request = transaction.Request;
        if (response.StatusCode < 200)
        {
            return;
        }
        if (request.Method == SipMethods.Invite && response.IsSuccess)
        {
            OnSessionRefreshed(request, response, asUac: false);
            _ = ConfirmReinviteAsync(transaction, ack ?? Task.CompletedTask);
        }
        else if (request.Method == SipMethods.Update && response.IsSuccess)
        {
            OnSessionRefreshed(request, response, asUac: false);
        }
    }

    /// <summary>RFC 6026 §7.1: our 2xx to a re-INVITE is repeated until its ACK; without one the dialog ends with BYE.</summary>
    private async Task ConfirmReinviteAsync(ServerTransaction transaction, Task ack)
    {
        var acked = await transaction.Retransmit2xxUntilAckAsync(ack).ConfigureAwait(false);
        if (!acked)
        {
            await HangUpAsync("no ACK").ConfigureAwait(false);
        }
    }

    private void OnReinviteAck(SipRequest ack)
    {
        TaskCompletionSource? pending = null;
        lock (_gate)
        {
            if (_reinviteAck is { } waiting && ack.CSeq?.Number == _reinviteAckSeq)
            {
                pending = waiting;
                _reinviteAck = null;
                // An offer in our 2xx (the re-INVITE had no SDP) is answered in the ACK (RFC 3261 §13.2.1).
                if (ack.Body.Length > 0)
                {
                    _remoteSdp = ack.BodyText;
                }
            }
        }
        pending?.TrySetResult();
    }
}

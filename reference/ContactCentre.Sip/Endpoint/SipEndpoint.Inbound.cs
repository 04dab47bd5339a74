using System.Globalization;

namespace ContactCentre.Sip;

/// <summary>Inbound routing: validation, transaction matching, then dialogs and the application.</summary>
public sealed partial class SipEndpoint
{
    /// <summary>RFC 3261 §17.2.1: without an answer within this, a server INVITE transaction sends 100 Trying.</summary>
    internal static readonly TimeSpan TryingDelay = TimeSpan.FromMilliseconds(200);

    private async Task OnMessageAsync(ReadOnlyMemory<byte> data, InboundSource source)
    {
        var message = SipParser.Parse(data.Span, out var error);
        switch (message)
        {
            case null:
                Log($"Dropped unparsable message from {source.Remote} ({source.Transport}): {error}");
                return;
            case SipResponse response when error is not null:
                Log($"Dropped malformed response from {source.Remote}: {error}");
                return;
            case SipResponse response:
                await OnResponseAsync(response).ConfigureAwait(false);
                return;
            case SipRequest request:
                await OnRequestAsync(request, source, error).ConfigureAwait(false);
                return;
        }
    }

    private async Task OnRequestAsync(SipRequest request, InboundSource source, string? parseError)
    {
        if (request.TopViaHeader is not { } via)
        {
            Log($"Dropped {request.Method} from {source.Remote}: no usable Via, so no way to answer");
            return;
        }
        via = via.StampSource(source.Remote);
        request.Headers.ReplaceFirst(HeaderNames.Via, via.ToString());
        var fault = RequestValidator.Check(request, parseError);
        if (request.Method == SipMethods.Ack)
        {
            if (fault is null)
            {
                OnAck(request);
            }
            else
            {
                Log($"Dropped ACK from {source.Remote}: {fault.Reason}");
            }
            return;
        }
        if (fault is not null)
        {
            Log($"Rejected {request.Method} from {source.Remote} with {fault.Status}: {fault.Reason}");
            await RespondStatelessAsync(request, via, source, fault).ConfigureAwait(false);
            return;
        }
        // RFC 2543 peers without a branch: fall back to Call-ID + CSeq + sent-by.
        var key = TransactionKeys.Server(request)
            ?? $"{request.CallId}|{request.Headers[HeaderNames.CSeq]}|{via.SentBy}";
        if (_serverTransactions.TryGetValue(key, out var existing))
        {
            await existing.OnRetransmissionAsync().ConfigureAwait(false);
            return;
        }
        if (await IsOverRateLimitAsync(request, via, source).ConfigureAwait(false))
        {
            return;
        }
        var transaction = new ServerTransaction(key, request, source, Timers,
            bytes => SendAsync(bytes, via.ResponseTarget(source.Remote), source.Transport, source.Connection),
            RemoveServerTransaction);
        if (!_serverTransactions.TryAdd(key, transaction))
        {
            return;
        }
        await DispatchAsync(transaction).ConfigureAwait(false);
    }

    private async Task RespondStatelessAsync(SipRequest request, ViaHeader via, InboundSource source, RequestFault fault)
    {
        var response = CreateResponse(request, fault.Status, fault.Reason, NewTag());
        foreach (var (name, value) in fault.Headers)
        {
            response.Headers.Add(name, value);
        }
        await SendAsync(response.ToBytes(), via.ResponseTarget(source.Remote), source.Transport, source.Connection)
            .ConfigureAwait(false);
    }

    /// <summary>
    /// The per-source budget for new out-of-dialog requests: over it, 503 with Retry-After (RFC 3261 §21.5.4);
    /// far over it, dropped without an answer so a flood costs us nothing to reply to.
    /// </summary>
    private async Task<bool> IsOverRateLimitAsync(SipRequest request, ViaHeader via, InboundSource source)
    {
        if (_rateLimiter is null || request.Method == SipMethods.Cancel || request.ToTag is not null)
        {
            return false;
        }
        switch (_rateLimiter.Take(source.Remote.Address, out var retryAfter))
        {
            case RateDecision.Reject:
                Log($"Rate limit: 503 for {request.Method} from {source.Remote}");
                var response = CreateResponse(request, 503, "Service Unavailable", NewTag());
                response.Headers.Add("Retry-After", ((int)retryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture));
                await SendAsync(response.ToBytes(), via.ResponseTarget(source.Remote), source.Transport, source.Connection)
                    .ConfigureAwait(false);
                return true;
            case RateDecision.Drop:
                Log($"Rate limit: dropped {request.Method} from {source.Remote}");
                return true;
            default:
                return false;
        }
    }

    private void OnAck(SipRequest ack)
    {
        // ACK for a non-2xx final shares the INVITE's branch (RFC 3261 §17.2.3)...
        if (TransactionKeys.Server(ack) is { } key && _serverTransactions.TryGetValue(key, out var transaction)
            && transaction.LastResponse is { StatusCode: >= 300 })
        {
            transaction.OnAck();
            return;
        }
        // ...an ACK for a 2xx is a new transaction matched to the dialog (RFC 3261 §13.3.1.4).
        if (ack.ToTag is { } tag && _dialogs.TryGetValue(SipDialog.DialogKey(ack.CallId!, tag), out var dialog))
        {
            dialog.OnAck(ack);
        }
    }

    private async Task DispatchAsync(ServerTransaction transaction)
    {
        var request = transaction.Request;
        if (request.Method == SipMethods.Cancel)
        {
            await OnCancelAsync(transaction).ConfigureAwait(false);
            return;
        }
        if (request.ToTag is { } toTag)
        {
            await OnInDialogRequestAsync(transaction, toTag).ConfigureAwait(false);
            return;
        }
        switch (request.Method)
        {
            case SipMethods.Invite:
                await OnNewInviteAsync(transaction).ConfigureAwait(false);
                break;
            case SipMethods.Bye:
                await transaction.RespondAsync(CreateResponse(request, 481, "Call/Transaction Does Not Exist", NewTag()))
                    .ConfigureAwait(false);
                break;
            case SipMethods.Options:
                await transaction.RespondAsync(OptionsResponse(request, NewTag())).ConfigureAwait(false);
                break;
            default:
                var serverRequest = new SipServerRequest(this, transaction, NewTag());
                if (OnRequest is { } handler)
                {
                    RunHandler(() => handler(serverRequest), serverRequest);
                }
                else
                {
                    await RespondUnsupportedAsync(serverRequest).ConfigureAwait(false);
                }
                break;
        }
    }

    private async Task OnCancelAsync(ServerTransaction cancel)
    {
        var inviteKey = TransactionKeys.Server(cancel.Request, SipMethods.Invite);
        if (inviteKey is null || !_serverTransactions.TryGetValue(inviteKey, out var invite))
        {
            await cancel.RespondAsync(CreateResponse(cancel.Request, 481, "Call/Transaction Does Not Exist", NewTag()))
                .ConfigureAwait(false);
            return;
        }
        // RFC 3261 §9.2: the CANCEL gets 200 even if the INVITE is already answered.
        await cancel.RespondAsync(CreateResponse(cancel.Request, 200, "OK", NewTag())).ConfigureAwait(false);
        if (invite.Call is { } call)
        {
            await call.CancelAsync().ConfigureAwait(false);
        }
        else
        {
            var terminated = CreateResponse(invite.Request, 487, "Request Terminated", invite.Request.ToTag is null ? NewTag() : null);
            // A cancelled re-INVITE ends the dialog's INVITE in progress (RFC 3261 §14.2).
            if (await invite.RespondAsync(terminated).ConfigureAwait(false) && invite.Request.ToTag is { } toTag
                && _dialogs.TryGetValue(SipDialog.DialogKey(invite.Request.CallId!, toTag), out var dialog))
            {
                dialog.ReinviteClosed();
            }
        }
    }

    private async Task OnInDialogRequestAsync(ServerTransaction transaction, string toTag)
    {
        var request = transaction.Request;
        if (!_dialogs.TryGetValue(SipDialog.DialogKey(request.CallId!, toTag), out var dialog))
        {
            await transaction.RespondAsync(CreateResponse(request, 481, "Call/Transaction Does Not Exist"))
                .ConfigureAwait(false);
            return;
        }
        // RFC 3261 §12.2.2: a CSeq lower than the last one from the peer is out of order.
        if (!dialog.TryAcceptRemoteSequence(request.CSeq!.Value.Number))
        {
            await transaction.RespondAsync(CreateResponse(request, 500, "Server Internal Error (CSeq out of order)"))
                .ConfigureAwait(false);
            return;
        }
        switch (request.Method)
        {
            case SipMethods.Bye:
                await dialog.OnByeAsync(transaction).ConfigureAwait(false);
                break;
            case SipMethods.Options:
                await transaction.RespondAsync(OptionsResponse(request, null)).ConfigureAwait(false);
                break;
            default:
                if (request.Method == SipMethods.Invite)
                {
                    // RFC 3261 §17.2.1: 100 Trying if the application has not answered the re-INVITE within 200 ms,
                    // so the peer stops retransmitting (baresip repeats a hold whose answer takes over 500 ms).
                    // Sent from a timer, not at once: most re-INVITEs are answered sooner and need no extra message.
                    _ = transaction.SendTryingUnlessAnsweredAsync(TryingDelay, CreateResponse(request, 100, "Trying"));
                }
                var serverRequest = new SipServerRequest(this, transaction, toTag, dialog);
                RunHandler(() => dialog.OnRequestAsync(serverRequest), serverRequest);
                break;
        }
    }

    private async Task OnNewInviteAsync(ServerTransaction transaction)
    {
        var request = transaction.Request;
        // RFC 3261 §17.2.1: answer at once so the caller stops retransmitting.
        await transaction.RespondAsync(CreateResponse(request, 100, "Trying")).ConfigureAwait(false);
        var localTag = NewTag();
        if (OnInvite is not { } handler)
        {
            await transaction.RespondAsync(CreateResponse(request, 480, "Temporarily Unavailable", localTag))
                .ConfigureAwait(false);
            return;
        }
        DialogReplacement? replaces = null;
        SipDialog? replaced = null;
        if (request.Headers.GetAll(DialogReplacement.HeaderName) is { Count: > 0 } replacesHeaders)
        {
            if (replacesHeaders.Count > 1 || !DialogReplacement.TryParse(replacesHeaders[0], out replaces))
            {
                await transaction.RespondAsync(CreateResponse(request, 400, "Bad Replaces Header", localTag)).ConfigureAwait(false);
                return;
            }
            // RFC 3891 §3: no matching confirmed dialog is 481; early-only for a confirmed one is 486.
            replaced = FindDialog(replaces!);
            if (replaced is null || replaces!.EarlyOnly)
            {
                await transaction.RespondAsync(replaced is null
                    ? CreateResponse(request, 481, "Call/Transaction Does Not Exist", localTag)
                    : CreateResponse(request, 486, "Busy Here", localTag)).ConfigureAwait(false);
                return;
            }
        }
        if (SessionTimerTerms.IsTooSmall(request, _options.MinSessionExpires))
        {
            var tooSmall = CreateResponse(request, 422, "Session Interval Too Small", localTag);
            tooSmall.Headers.Add(SessionTimerTerms.MinSe(_options.MinSessionExpires).Key, SessionTimerTerms.MinSe(_options.MinSessionExpires).Value);
            await transaction.RespondAsync(tooSmall).ConfigureAwait(false);
            return;
        }
        var call = new IncomingCall(this, transaction, localTag, replaces, replaced);
        transaction.Call = call;
        // A call nobody answers must not hold its transaction forever.
        call.StartAnswerTimer(Timers, _options.InviteAnswerTimeout);
        _ = Task.Run(async () =>
        {
            try
            {
                await handler(call).ConfigureAwait(false);
                if (!call.HasFinalResponse && !call.Cancelled.IsCancellationRequested)
                {
                    Log($"OnInvite handler for {request.CallId} returned without a final response; answering 500");
                    await call.EndUnansweredAsync(500, "Server Internal Error").ConfigureAwait(false);
                }
            }
            catch (Exception e)
            {
                Log($"OnInvite handler failed for {request.CallId}: {e.Message}");
                await call.EndUnansweredAsync(500, "Server Internal Error").ConfigureAwait(false);
            }
            finally
            {
                call.StopAnswerTimer();
            }
        });
    }

    /// <summary>The live dialog a Replaces header names: its to-tag is our tag, its from-tag the peer's (RFC 3891 §3).</summary>
    private SipDialog? FindDialog(DialogReplacement replaces) =>
        _dialogs.TryGetValue(SipDialog.DialogKey(replaces.CallId, replaces.ToTag), out var dialog)
        && dialog.RemoteTag == replaces.FromTag && !dialog.IsTerminated
            ? dialog
            : null;

    /// <summary>
    /// Runs application code off the receive loop; a failure, or a handler that returns without
    /// answering, becomes 500 so the transaction can end.
    /// </summary>
    private void RunHandler(Func<Task> handler, SipServerRequest request) => _ = Task.Run(async () =>
    {
        try
        {
            await handler().ConfigureAwait(false);
            if (!request.Responded)
            {
                Log($"Handler for {request.Request.Method} {request.Request.CallId} returned without a final response; answering 500");
                await request.RespondAsync(500, "Server Internal Error").ConfigureAwait(false);
            }
        }
        catch (Exception e)
        {
            Log($"Handler for {request.Request.Method} {request.Request.CallId} failed: {e.Message}");
            if (!request.Responded)
            {
                await request.RespondAsync(500, "Server Internal Error").ConfigureAwait(false);
            }
        }
    });

    private static Task RespondUnsupportedAsync(SipServerRequest request) =>
        SipMethods.IsKnown(request.Request.Method)
            ? request.RespondAsync(405, "Method Not Allowed", extraHeaders: [new(HeaderNames.Allow, SipMethods.Allowed)])
            : request.RespondAsync(501, "Not Implemented");

    /// <summary>OPTIONS answer advertising capabilities (RFC 3261 §11.2).</summary>
    private SipResponse OptionsResponse(SipRequest request, string? toTag)
    {
        var response = CreateResponse(request, 200, "OK", toTag);
        response.Headers.Add(HeaderNames.Allow, SipMethods.Allowed);
        response.Headers.Add(HeaderNames.Accept, "application/sdp");
        return response;
    }

    private async Task OnResponseAsync(SipResponse response)
    {
        if (TransactionKeys.Client(response) is not { } key)
        {
            Log("Dropped response without Via branch or CSeq");
            return;
        }
        if (_clientTransactions.TryGetValue(key, out var transaction))
        {
            switch (transaction)
            {
                case InviteClientTransaction invite:
                    await invite.OnResponseAsync(response).ConfigureAwait(false);
                    return;
                case NonInviteClientTransaction other:
                    other.OnResponse(response);
                    return;
            }
        }
        // A 2xx retransmitted after our INVITE transaction ended: ACK it again (RFC 3261 §13.2.2.4).
        if (response.IsSuccess && response.CSeq?.Method == SipMethods.Invite && response.FromTag is { } fromTag
            && _dialogs.TryGetValue(SipDialog.DialogKey(response.CallId ?? "", fromTag), out var dialog)
            && dialog.AckBytes is { } ack)
        {
            var hop = dialog.NextHop();
            await SendAsync(ack, hop.EndPoint, hop.Transport).ConfigureAwait(false);
            return;
        }
        Log($"Dropped response {response.StatusCode} matching no transaction ({key})");
    }
}

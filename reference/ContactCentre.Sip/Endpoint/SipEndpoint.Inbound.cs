using System.Globalization;

namespace ContactCentre.Sip;

/// <summary>Inbound routing: validation, transaction matching, then dialogs and the application.</summary>
public sealed partial class SipEndpoint
{
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
        if (request.TopVia is not { } top || !ViaHeader.TryParse(top, out var via))
        {
            Log($"Dropped {request.Method} from {source.Remote}: no usable Via, so no way to answer");
            return;
        }
        via = via!.StampSource(source.Remote);
        request.Headers.ReplaceFirst(HeaderNames.Via, via.ToString());
        var fault = parseError ?? Validate(request);
        if (request.Method == SipMethods.Ack)
        {
            if (fault is null)
            {
                OnAck(request);
            }
            else
            {
                Log($"Dropped ACK from {source.Remote}: {fault}");
            }
            return;
        }
        if (fault is not null)
        {
            Log($"Rejected {request.Method} from {source.Remote} with 400: {fault}");
            await RespondStatelessAsync(request, via, source, 400, fault).ConfigureAwait(false);
            return;
        }
        if (request.Headers[HeaderNames.MaxForwards] == "0")
        {
            await RespondStatelessAsync(request, via, source, 483, "Too Many Hops").ConfigureAwait(false);
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
        var transaction = new ServerTransaction(key, request, source, Timers,
            bytes => SendAsync(bytes, via.ResponseTarget(source.Remote), source.Transport, source.Connection),
            RemoveServerTransaction);
        if (!_serverTransactions.TryAdd(key, transaction))
        {
            return;
        }
        await DispatchAsync(transaction).ConfigureAwait(false);
    }

    /// <summary>The checks of RFC 3261 §8.2 that make a request answerable; the reason names the fault.</summary>
    private static string? Validate(SipRequest request)
    {
        foreach (var name in new[] { HeaderNames.CallId, HeaderNames.From, HeaderNames.To, HeaderNames.CSeq, HeaderNames.MaxForwards })
        {
            if (request.Headers[name] is null)
            {
                return $"Missing {name} header";
            }
        }
        if (request.CSeq is not { } cseq)
        {
            return "Bad CSeq header";
        }
        if (cseq.Method != request.Method)
        {
            return "CSeq method does not match request method";
        }
        if (!int.TryParse(request.Headers[HeaderNames.MaxForwards], NumberStyles.None, CultureInfo.InvariantCulture, out _))
        {
            return "Bad Max-Forwards header";
        }
        if (!NameAddress.TryParse(request.From!, out _))
        {
            return "Bad From header";
        }
        if (!NameAddress.TryParse(request.To!, out _))
        {
            return "Bad To header";
        }
        return null;
    }

    private async Task RespondStatelessAsync(SipRequest request, ViaHeader via, InboundSource source, int status, string reason)
    {
        var response = CreateResponse(request, status, reason, status >= 200 ? NewTag() : null);
        await SendAsync(response.ToBytes(), via.ResponseTarget(source.Remote), source.Transport, source.Connection)
            .ConfigureAwait(false);
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
            dialog.OnAck();
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
            await invite.RespondAsync(CreateResponse(invite.Request, 487, "Request Terminated", NewTag())).ConfigureAwait(false);
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
        switch (request.Method)
        {
            case SipMethods.Bye:
                await dialog.OnByeAsync(transaction).ConfigureAwait(false);
                break;
            case SipMethods.Options:
                await transaction.RespondAsync(OptionsResponse(request, null)).ConfigureAwait(false);
                break;
            default:
                var serverRequest = new SipServerRequest(this, transaction, toTag);
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
        var call = new IncomingCall(this, transaction, localTag);
        transaction.Call = call;
        _ = Task.Run(async () =>
        {
            try
            {
                await handler(call).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                Log($"OnInvite handler failed for {request.CallId}: {e.Message}");
                await transaction.RespondAsync(CreateResponse(request, 500, "Server Internal Error", localTag))
                    .ConfigureAwait(false);
            }
        });
    }

    /// <summary>Runs application code off the receive loop; a failure becomes 500 if nothing was sent.</summary>
    private void RunHandler(Func<Task> handler, SipServerRequest request) => _ = Task.Run(async () =>
    {
        try
        {
            await handler().ConfigureAwait(false);
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
            await SendAsync(ack, dialog.RemoteEndPoint, dialog.Transport).ConfigureAwait(false);
            return;
        }
        Log($"Dropped response {response.StatusCode} matching no transaction ({key})");
    }
}

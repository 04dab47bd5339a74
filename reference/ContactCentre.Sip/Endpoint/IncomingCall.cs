using System.Net;
using System.Text;

namespace ContactCentre.Sip;

/// <summary>
/// A new INVITE waiting for the application's answer (UAS core, RFC 3261 §13.3). The endpoint has
/// already sent 100 Trying; the application rings, accepts or rejects.
/// </summary>
public sealed class IncomingCall
{
    private readonly SipEndpoint _endpoint;
    private readonly ServerTransaction _transaction;
    private readonly string _localTag;
    private readonly CancellationTokenSource _cancelled = new();

    internal IncomingCall(SipEndpoint endpoint, ServerTransaction transaction, string localTag)
    {
        _endpoint = endpoint;
        _transaction = transaction;
        _localTag = localTag;
    }

    public SipRequest Invite => _transaction.Request;

    public IPEndPoint RemoteEndPoint => _transaction.Source.Remote;

    public SipTransportKind Transport => _transaction.Source.Transport;

    /// <summary>Fires when the caller CANCELs before a final response; the endpoint has answered 487.</summary>
    public CancellationToken Cancelled => _cancelled.Token;

    public Task RingAsync() => _transaction.RespondAsync(WithContact(_endpoint.CreateResponse(Invite, 180, "Ringing", _localTag)));

    public Task RejectAsync(int statusCode, string reason)
    {
        if (statusCode is < 300 or > 699)
        {
            throw new ArgumentOutOfRangeException(nameof(statusCode), statusCode, "A rejection is a 3xx-6xx status.");
        }
        return _transaction.RespondAsync(_endpoint.CreateResponse(Invite, statusCode, reason, _localTag));
    }

    /// <summary>
    /// Sends 200 OK with the SDP answer and retransmits it until the ACK arrives (RFC 3261 §13.3.1.4);
    /// without an ACK by 64*T1 the call is hung up with BYE and this throws.
    /// </summary>
    public async Task<SipDialog> AcceptAsync(string sdpAnswer)
    {
        var response = WithContact(_endpoint.CreateResponse(Invite, 200, "OK", _localTag));
        response.Headers.Set(HeaderNames.ContentType, "application/sdp");
        response.Body = Encoding.UTF8.GetBytes(sdpAnswer);
        var dialog = SipDialog.ForServer(_endpoint, Invite, response, _transaction.Source);
        _endpoint.AddDialog(dialog);
        if (!await _transaction.RespondAsync(response).ConfigureAwait(false))
        {
            _endpoint.RemoveDialog(dialog);
            throw new SipTransactionException(Cancelled.IsCancellationRequested
                ? "The caller cancelled the call before it was answered"
                : "The call already has a final response");
        }
        var timers = _endpoint.Timers;
        var reliable = Transport == SipTransportKind.Tcp;
        var started = timers.Time.GetTimestamp();
        var interval = timers.T1;
        while (true)
        {
            var remaining = timers.Transaction - timers.Time.GetElapsedTime(started);
            var wait = reliable ? remaining : SipTimers.Min(interval, remaining);
            if (await timers.SignalledWithinAsync(dialog.AckReceived, wait).ConfigureAwait(false))
            {
                _transaction.Terminate();
                return dialog;
            }
            if (timers.Time.GetElapsedTime(started) >= timers.Transaction)
            {
                break;
            }
            await _transaction.ResendLastAsync().ConfigureAwait(false);
            interval = SipTimers.Min(interval * 2, timers.T2);
        }
        _transaction.Terminate();
        _ = dialog.HangUpAsync("no ACK");
        throw new SipTransactionException($"No ACK for 200 OK to INVITE {Invite.CallId} within 64*T1 (timer H)");
    }

    /// <summary>Handles a CANCEL: 487 for the INVITE if it has no final response yet (RFC 3261 §9.2).</summary>
    internal async Task CancelAsync()
    {
        var terminated = _endpoint.CreateResponse(Invite, 487, "Request Terminated", _localTag);
        if (await _transaction.RespondAsync(terminated).ConfigureAwait(false))
        {
            await _cancelled.CancelAsync().ConfigureAwait(false);
        }
    }

    private SipResponse WithContact(SipResponse response)
    {
        var user = NameAddress.TryParse(Invite.To ?? "", out var to) ? to!.Uri.User : null;
        response.Headers.Add(HeaderNames.Contact, _endpoint.ContactHeader(user ?? "contactcentre", Transport));
        return response;
    }
}

using System.Net;
using System.Text;

namespace ContactCentre.Sip;

/// <summary>
/// A new INVITE waiting for the application's answer (UAS core, RFC 3261 §13.3). The endpoint has
/// already sent 100 Trying; the application rings, accepts or rejects before its handler's task completes.
/// </summary>
public sealed class IncomingCall
{
    private readonly SipEndpoint _endpoint;
    private readonly ServerTransaction _transaction;
    private readonly string _localTag;
    private readonly CancellationTokenSource _cancelled = new();
    private ITimer? _answerTimer;

    internal IncomingCall(SipEndpoint endpoint, ServerTransaction transaction, string localTag,
        DialogReplacement? replaces = null, SipDialog? replacedDialog = null)
    {
        _endpoint = endpoint;
        _transaction = transaction;
        _localTag = localTag;
        Replaces = replaces;
        ReplacedDialog = replacedDialog;
    }

    public SipRequest Invite => _transaction.Request;

    public IPEndPoint RemoteEndPoint => _transaction.Source.Remote;

    public SipTransportKind Transport => _transaction.Source.Transport;

    /// <summary>
    /// Fires when the caller CANCELs before a final response, or when the call stayed unanswered for
    /// <see cref="SipEndpointOptions.InviteAnswerTimeout"/>; the endpoint has answered 487 or 408.
    /// </summary>
    public CancellationToken Cancelled => _cancelled.Token;

    /// <summary>The Replaces header of an attended transfer (RFC 3891 §6.1), or null.</summary>
    public DialogReplacement? Replaces { get; }

    /// <summary>
    /// The confirmed dialog this call replaces (RFC 3891 §3); the application answers this call and hangs
    /// that one up. Null without a Replaces header (an unmatched Replaces was already answered 481).
    /// </summary>
    public SipDialog? ReplacedDialog { get; }

    internal bool HasFinalResponse => _transaction.HasFinalResponse;

    public Task RingAsync() => _transaction.RespondAsync(WithContact(_endpoint.CreateResponse(Invite, 180, "Ringing", _localTag)));

    public Task RejectAsync(int statusCode, string reason) => RejectAsync(statusCode, reason, null);

    /// <summary>
    /// A final non-2xx answer with headers of its own, e.g. WWW-Authenticate on 401 (RFC 3261 §22.1)
    /// or Retry-After on 503.
    /// </summary>
    public Task RejectAsync(int statusCode, string reason, IEnumerable<KeyValuePair<string, string>>? extraHeaders)
    {
        if (statusCode is < 300 or > 699)
        {
            throw new ArgumentOutOfRangeException(nameof(statusCode), statusCode, "A rejection is a 3xx-6xx status.");
        }
        var response = _endpoint.CreateResponse(Invite, statusCode, reason, _localTag);
        foreach (var (name, value) in extraHeaders ?? [])
        {
            response.Headers.Add(name, value);
        }
        return _transaction.RespondAsync(response);
    }

    /// <summary>
    /// Sends 200 OK with the SDP answer and retransmits it until the ACK arrives (RFC 3261 §13.3.1.4);
    /// without an ACK by 64*T1 the call is hung up with BYE and this throws.
    /// </summary>
    public Task<SipDialog> AcceptAsync(string sdpAnswer) => AcceptAsync(sdpAnswer, null);

    /// <summary>
    /// As <see cref="AcceptAsync(string)"/>, and <paramref name="prepare"/> sees the dialog before the 200 OK
    /// leaves: a peer may send a re-INVITE or REFER right behind its ACK, and handlers subscribed only
    /// after this returns could miss it.
    /// </summary>
    public async Task<SipDialog> AcceptAsync(string sdpAnswer, Action<SipDialog>? prepare)
    {
        var response = WithContact(_endpoint.CreateResponse(Invite, 200, "OK", _localTag));
        response.Headers.Set(HeaderNames.ContentType, "application/sdp");
        response.Body = Encoding.UTF8.GetBytes(sdpAnswer);
        response.Headers.Add(HeaderNames.Allow, SipMethods.Allowed);
        SipDialog.AddSessionTerms(Invite, response, _endpoint.Options.SessionExpires);
        var dialog = SipDialog.ForServer(_endpoint, Invite, response, _transaction.Source);
        prepare?.Invoke(dialog);
        _endpoint.AddDialog(dialog);
        if (!await _transaction.RespondAsync(response).ConfigureAwait(false))
        {
            _endpoint.RemoveDialog(dialog);
            throw new SipTransactionException(Cancelled.IsCancellationRequested
                ? "The caller cancelled the call before it was answered"
                : "The call already has a final response");
        }
        dialog.OnAnswered(Invite, response);
        if (await _transaction.Retransmit2xxUntilAckAsync(dialog.AckReceived).ConfigureAwait(false))
        {
            return dialog;
        }
        _ = dialog.HangUpAsync("no ACK");
        throw new SipTransactionException($"No ACK for 200 OK to INVITE {Invite.CallId} within 64*T1 (timer H)");
    }

    /// <summary>
    /// The UAS counterpart of timer C (RFC 3261 §16.6): unanswered after <paramref name="timeout"/>, the call
    /// gets 408. The timer is held here so it lives as long as the call does.
    /// </summary>
    internal void StartAnswerTimer(SipTimers timers, TimeSpan timeout) =>
        _answerTimer = timers.Time.CreateTimer(_ => _ = EndUnansweredAsync(408, "Request Timeout"), null, timeout, Timeout.InfiniteTimeSpan);

    internal void StopAnswerTimer() => _answerTimer?.Dispose();

    /// <summary>Handles a CANCEL: 487 for the INVITE if it has no final response yet (RFC 3261 §9.2).</summary>
    internal Task CancelAsync() => EndUnansweredAsync(487, "Request Terminated");

    /// <summary>Ends the INVITE with <paramref name="status"/> unless it already has a final response.</summary>
    internal async Task EndUnansweredAsync(int status, string reason)
    {
        var response = _endpoint.CreateResponse(Invite, status, reason, _localTag);
        if (await _transaction.RespondAsync(response).ConfigureAwait(false))
        {
            StopAnswerTimer();
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

using System.Net;

namespace ContactCentre.Sip;

/// <summary>
/// A request handed to application code, which must answer it once with <see cref="RespondAsync"/> before
/// its handler's task completes (otherwise the endpoint answers 500).
/// </summary>
public sealed class SipServerRequest
{
    private readonly SipEndpoint _endpoint;
    private readonly ServerTransaction _transaction;
    private readonly string _localTag;

    internal SipServerRequest(SipEndpoint endpoint, ServerTransaction transaction, string localTag, SipDialog? dialog = null)
    {
        _endpoint = endpoint;
        _transaction = transaction;
        _localTag = localTag;
        Dialog = dialog;
    }

    public SipRequest Request => _transaction.Request;

    public IPEndPoint RemoteEndPoint => _transaction.Source.Remote;

    public SipTransportKind Transport => _transaction.Source.Transport;

    /// <summary>The dialog an in-dialog request belongs to; null outside a dialog.</summary>
    public SipDialog? Dialog { get; }

    public bool Responded => _transaction.HasFinalResponse;

    /// <summary>
    /// Sends the response. A 2xx to a re-INVITE is repeated until its ACK (RFC 6026 §7.1) and, like a 2xx to
    /// UPDATE, carries our Contact and makes its SDP the dialog's current session.
    /// </summary>
    public async Task RespondAsync(int statusCode, string reason, string? contentType = null, byte[]? body = null,
        IEnumerable<KeyValuePair<string, string>>? extraHeaders = null)
    {
        var response = _endpoint.CreateResponse(Request, statusCode, reason, _localTag);
        if (Request.Method is SipMethods.Invite or SipMethods.Update && statusCode is >= 200 and < 300)
        {
            response.Headers.Add(HeaderNames.Contact, _endpoint.ContactHeader(Dialog?.LocalUser ?? "contactcentre", Transport));
        }
        foreach (var (name, value) in extraHeaders ?? [])
        {
            response.Headers.Add(name, value);
        }
        if (body is not null)
        {
            response.Headers.Set(HeaderNames.ContentType, contentType ?? "application/octet-stream");
            response.Body = body;
        }
        Dialog?.PrepareResponse(Request, response);
        var ack = Dialog?.OnFinalResponseSending(Request, response);
        if (await _transaction.RespondAsync(response).ConfigureAwait(false))
        {
            Dialog?.OnResponseSent(_transaction, response, ack);
        }
    }
}

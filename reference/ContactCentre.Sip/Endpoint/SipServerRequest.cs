using System.Net;

namespace ContactCentre.Sip;

/// <summary>A request handed to application code, which must answer it once with <see cref="RespondAsync"/>.</summary>
public sealed class SipServerRequest
{
    private readonly SipEndpoint _endpoint;
    private readonly ServerTransaction _transaction;
    private readonly string _localTag;

    internal SipServerRequest(SipEndpoint endpoint, ServerTransaction transaction, string localTag)
    {
        _endpoint = endpoint;
        _transaction = transaction;
        _localTag = localTag;
    }

    public SipRequest Request => _transaction.Request;

    public IPEndPoint RemoteEndPoint => _transaction.Source.Remote;

    public SipTransportKind Transport => _transaction.Source.Transport;

    public bool Responded => _transaction.HasFinalResponse;

    public Task RespondAsync(int statusCode, string reason, string? contentType = null, byte[]? body = null,
        IEnumerable<KeyValuePair<string, string>>? extraHeaders = null)
    {
        var response = _endpoint.CreateResponse(Request, statusCode, reason, _localTag);
        if (Request.Method == SipMethods.Invite && statusCode is >= 200 and < 300)
        {
            response.Headers.Add(HeaderNames.Contact, _endpoint.ContactHeader("contactcentre", Transport));
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
        return _transaction.RespondAsync(response);
    }
}

using System.Globalization;
using System.Net;

namespace ContactCentre.Sip;

/// <summary>
/// A confirmed INVITE dialog (RFC 3261 §12): identifiers, remote target, route set and CSeq state,
/// plus in-dialog requests (BYE, INFO) in both directions.
/// </summary>
public sealed class SipDialog
{
    private readonly SipEndpoint _endpoint;
    private readonly NameAddress _local;
    private readonly NameAddress _remote;
    private readonly IReadOnlyList<string> _routeSet;
    private readonly TaskCompletionSource _ack = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _localSeq;
    private int _terminated;

    private SipDialog(SipEndpoint endpoint, string callId, NameAddress local, NameAddress remote, string remoteTarget,
        IPEndPoint remoteEndPoint, SipTransportKind transport, string localSdp, string remoteSdp, uint localSeq,
        IReadOnlyList<string> routeSet)
    {
        _endpoint = endpoint;
        _local = local;
        _remote = remote;
        _routeSet = routeSet;
        _localSeq = localSeq;
        CallId = callId;
        RemoteTarget = remoteTarget;
        RemoteEndPoint = remoteEndPoint;
        Transport = transport;
        LocalSdp = localSdp;
        RemoteSdp = remoteSdp;
    }

    public string CallId { get; }

    public string LocalTag => _local.Tag!;

    public string? RemoteTag => _remote.Tag;

    public string LocalUri => _local.Uri.ToString();

    public string RemoteUri => _remote.Uri.ToString();

    /// <summary>The peer's Contact URI, the Request-URI of in-dialog requests.</summary>
    public string RemoteTarget { get; }

    public IPEndPoint RemoteEndPoint { get; }

    public SipTransportKind Transport { get; }

    public string RemoteSdp { get; }

    public string LocalSdp { get; }

    public bool IsTerminated => Volatile.Read(ref _terminated) != 0;

    /// <summary>Raised once, with the reason ("remote BYE", "local BYE", "no ACK").</summary>
    public event Action<SipDialog, string>? Terminated;

    /// <summary>In-dialog requests other than BYE/ACK; the handler must respond.</summary>
    public event Func<SipServerRequest, Task>? RequestReceived;

    internal string Key => DialogKey(CallId, LocalTag);

    internal Task AckReceived => _ack.Task;

    /// <summary>The ACK for our 2xx-answered INVITE, repeated when the 2xx is retransmitted.</summary>
    internal byte[]? AckBytes { get; set; }

    internal static string DialogKey(string callId, string localTag) => $"{callId}|{localTag}";

    /// <summary>The UAS side (RFC 3261 §12.1.1): built from the INVITE and our 2xx.</summary>
    internal static SipDialog ForServer(SipEndpoint endpoint, SipRequest invite, SipResponse ok, InboundSource source)
    {
        var remote = NameAddress.Parse(invite.From!);
        var local = NameAddress.Parse(ok.To!);
        var target = ContactTarget(invite, out var contactEndPoint) ?? remote.Uri.ToString();
        var remoteEndPoint = source.Transport == SipTransportKind.Tcp ? source.Remote : contactEndPoint ?? source.Remote;
        return new SipDialog(endpoint, invite.CallId!, local, remote, target, remoteEndPoint, source.Transport,
            ok.BodyText, invite.BodyText, 0, invite.Headers.GetAll(HeaderNames.RecordRoute));
    }

    /// <summary>The UAC side (RFC 3261 §12.1.2): built from our INVITE and the 2xx; route set reversed.</summary>
    internal static SipDialog ForClient(SipEndpoint endpoint, SipRequest invite, SipResponse ok, IPEndPoint destination,
        SipTransportKind transport)
    {
        var local = NameAddress.Parse(invite.From!);
        var remote = NameAddress.Parse(ok.To!);
        var target = ContactTarget(ok, out var contactEndPoint) ?? invite.RequestUri;
        var remoteEndPoint = transport == SipTransportKind.Tcp ? destination : contactEndPoint ?? destination;
        var routes = ok.Headers.GetAll(HeaderNames.RecordRoute).Reverse().ToList();
        return new SipDialog(endpoint, invite.CallId!, local, remote, target, remoteEndPoint, transport,
            invite.BodyText, ok.BodyText, invite.CSeq!.Value.Number, routes);
    }

    private static string? ContactTarget(SipMessage message, out IPEndPoint? endPoint)
    {
        endPoint = null;
        if (message.Headers[HeaderNames.Contact] is not { } contact || !NameAddress.TryParse(contact, out var address))
        {
            return null;
        }
        if (IPAddress.TryParse(address!.Uri.Host.Trim('[', ']'), out var ip))
        {
            endPoint = new IPEndPoint(ip, address.Uri.Port ?? 5060);
        }
        return address.Uri.ToString();
    }

    /// <summary>Sends BYE and waits for its response or timer F; Terminated is raised once.</summary>
    public Task HangUpAsync(CancellationToken ct = default) => HangUpAsync("local BYE", ct);

    internal async Task HangUpAsync(string reason, CancellationToken ct = default)
    {
        if (Interlocked.Exchange(ref _terminated, 1) != 0)
        {
            return;
        }
        _endpoint.RemoveDialog(this);
        try
        {
            await _endpoint.SendNonInviteAsync(CreateRequest(SipMethods.Bye), RemoteEndPoint, Transport, ct)
                .ConfigureAwait(false);
        }
        finally
        {
            Terminated?.Invoke(this, reason);
        }
    }

    /// <summary>Sends an in-dialog non-INVITE request such as INFO (RFC 3261 §12.2.1.1).</summary>
    public Task<SipResponse> SendRequestAsync(string method, string? contentType = null, byte[]? body = null,
        CancellationToken ct = default)
    {
        if (method is SipMethods.Invite or SipMethods.Ack or SipMethods.Cancel)
        {
            throw new NotSupportedException($"{method} cannot be sent with SendRequestAsync; use HangUpAsync or a new call.");
        }
        var request = CreateRequest(method);
        if (body is not null)
        {
            request.Headers.Set(HeaderNames.ContentType, contentType ?? "application/octet-stream");
            request.Body = body;
        }
        return _endpoint.SendNonInviteAsync(request, RemoteEndPoint, Transport, ct);
    }

    internal SipRequest CreateRequest(string method, uint? cseq = null)
    {
        var number = cseq ?? (uint)Interlocked.Increment(ref _localSeq);
        var request = new SipRequest(method, RemoteTarget);
        request.Headers.Add(HeaderNames.MaxForwards, "70");
        request.Headers.Add(HeaderNames.From, _local.ToString());
        request.Headers.Add(HeaderNames.To, _remote.ToString());
        request.Headers.Add(HeaderNames.CallId, CallId);
        request.Headers.Add(HeaderNames.CSeq, $"{number.ToString(CultureInfo.InvariantCulture)} {method}");
        foreach (var route in _routeSet)
        {
            request.Headers.Add(HeaderNames.Route, route);
        }
        return request;
    }

    internal void OnAck() => _ack.TrySetResult();

    internal async Task OnByeAsync(ServerTransaction transaction)
    {
        await transaction.RespondAsync(_endpoint.CreateResponse(transaction.Request, 200, "OK")).ConfigureAwait(false);
        if (Interlocked.Exchange(ref _terminated, 1) == 0)
        {
            _endpoint.RemoveDialog(this);
            _ack.TrySetResult();
            Terminated?.Invoke(this, "remote BYE");
        }
    }

    internal async Task OnRequestAsync(SipServerRequest request)
    {
        var handler = RequestReceived;
        if (handler is not null)
        {
            await handler(request).ConfigureAwait(false);
            return;
        }
        var method = request.Request.Method;
        await (method switch
        {
            SipMethods.Info => request.RespondAsync(200, "OK"),
            SipMethods.Invite => request.RespondAsync(488, "Not Acceptable Here"),
            _ when SipMethods.IsKnown(method) => request.RespondAsync(405, "Method Not Allowed",
                extraHeaders: [new(HeaderNames.Allow, SipMethods.Allowed)]),
            _ => request.RespondAsync(501, "Not Implemented"),
        }).ConfigureAwait(false);
    }
}

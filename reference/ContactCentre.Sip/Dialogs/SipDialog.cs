using System.Globalization;
using System.Net;

namespace ContactCentre.Sip;

/// <summary>
/// A confirmed INVITE dialog (RFC 3261 §12): identifiers, remote target, route set and CSeq state,
/// plus in-dialog requests in both directions: BYE, INFO, re-INVITE/UPDATE, REFER/NOTIFY.
/// </summary>
public sealed partial class SipDialog
{
    private const long NoRemoteSequence = -1;
    private readonly SipEndpoint _endpoint;
    private readonly NameAddress _local;
    private readonly NameAddress _remote;
    private readonly IReadOnlyList<string> _routeSet;
    private readonly TaskCompletionSource _ack = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _gate = new();
    private long _localSeq;
    private long _remoteSeq;
    private int _terminated;
    private string _remoteTarget;
    private IPEndPoint _remoteEndPoint;
    private string _localSdp;
    private string _remoteSdp;

    private SipDialog(SipEndpoint endpoint, string callId, NameAddress local, NameAddress remote, string remoteTarget,
        IPEndPoint remoteEndPoint, SipTransportKind transport, string localSdp, string remoteSdp, uint localSeq,
        long remoteSeq, IReadOnlyList<string> routeSet)
    {
        _endpoint = endpoint;
        _local = local;
        _remote = remote;
        _routeSet = routeSet;
        _localSeq = localSeq;
        _remoteSeq = remoteSeq;
        _remoteTarget = remoteTarget;
        _remoteEndPoint = remoteEndPoint;
        _localSdp = localSdp;
        _remoteSdp = remoteSdp;
        CallId = callId;
        Transport = transport;
    }

    public string CallId { get; }

    public string LocalTag => _local.Tag!;

    public string? RemoteTag => _remote.Tag;

    public string LocalUri => _local.Uri.ToString();

    public string RemoteUri => _remote.Uri.ToString();

    /// <summary>The peer's Contact URI, the Request-URI of in-dialog requests; target refresh requests update it (§12.2).</summary>
    public string RemoteTarget
    {
        get
        {
            lock (_gate)
            {
                return _remoteTarget;
            }
        }
    }

    /// <summary>The peer's address when no route set applies: its Contact for UDP, the connection for TCP.</summary>
    public IPEndPoint RemoteEndPoint
    {
        get
        {
            lock (_gate)
            {
                return _remoteEndPoint;
            }
        }
    }

    public SipTransportKind Transport { get; }

    /// <summary>The route set (RFC 3261 §12.1): Route headers of every in-dialog request, in order.</summary>
    public IReadOnlyList<string> RouteSet => _routeSet;

    /// <summary>The peer's current session description; a re-INVITE or UPDATE answered 2xx replaces it.</summary>
    public string RemoteSdp
    {
        get
        {
            lock (_gate)
            {
                return _remoteSdp;
            }
        }
    }

    /// <summary>Our current session description; a re-INVITE or UPDATE answered 2xx replaces it.</summary>
    public string LocalSdp
    {
        get
        {
            lock (_gate)
            {
                return _localSdp;
            }
        }
    }

    public bool IsTerminated => Volatile.Read(ref _terminated) != 0;

    /// <summary>Raised once, with the reason ("remote BYE", "local BYE", "no ACK", "session expired").</summary>
    public event Action<SipDialog, string>? Terminated;

    /// <summary>
    /// In-dialog requests other than BYE/ACK (INFO, re-INVITE, UPDATE, unhandled REFER/NOTIFY); the handler
    /// must respond before its task completes, or the endpoint answers 500.
    /// </summary>
    public event Func<SipServerRequest, Task>? RequestReceived;

    internal string Key => DialogKey(CallId, LocalTag);

    internal Task AckReceived => _ack.Task;

    /// <summary>The ACK for our latest 2xx-answered INVITE, repeated when that 2xx is retransmitted.</summary>
    internal byte[]? AckBytes { get; set; }

    internal string LocalUser => _local.Uri.User ?? "contactcentre";

    internal static string DialogKey(string callId, string localTag) => $"{callId}|{localTag}";

    /// <summary>The UAS side (RFC 3261 §12.1.1): built from the INVITE and our 2xx.</summary>
    internal static SipDialog ForServer(SipEndpoint endpoint, SipRequest invite, SipResponse ok, InboundSource source)
    {
        var remote = NameAddress.Parse(invite.From!);
        var local = NameAddress.Parse(ok.To!);
        var target = ContactTarget(invite, out var contactEndPoint) ?? remote.Uri.ToString();
        // On a connection the peer is where it connected from; its Contact may be unreachable (RFC 7118 §5: *.invalid).
        var remoteEndPoint = source.Transport == SipTransportKind.Udp ? contactEndPoint ?? source.Remote : source.Remote;
        return new SipDialog(endpoint, invite.CallId!, local, remote, target, remoteEndPoint, source.Transport,
            ok.BodyText, invite.BodyText, 0, invite.CSeq!.Value.Number, invite.Headers.GetAll(HeaderNames.RecordRoute));
    }

    /// <summary>Starts the session timer our 2xx to the initial INVITE agreed (RFC 4028 §9).</summary>
    internal void OnAnswered(SipRequest invite, SipResponse ok) => OnSessionRefreshed(invite, ok, asUac: false);

    /// <summary>The UAC side (RFC 3261 §12.1.2): built from our INVITE and the 2xx; route set reversed.</summary>
    internal static SipDialog ForClient(SipEndpoint endpoint, SipRequest invite, SipResponse ok, IPEndPoint destination,
        SipTransportKind transport)
    {
        var local = NameAddress.Parse(invite.From!);
        var remote = NameAddress.Parse(ok.To!);
        var target = ContactTarget(ok, out var contactEndPoint) ?? invite.RequestUri;
        var remoteEndPoint = transport == SipTransportKind.Udp ? contactEndPoint ?? destination : destination;
        var routes = ok.Headers.GetAll(HeaderNames.RecordRoute).Reverse().ToList();
        var dialog = new SipDialog(endpoint, invite.CallId!, local, remote, target, remoteEndPoint, transport,
            invite.BodyText, ok.BodyText, invite.CSeq!.Value.Number, NoRemoteSequence, routes);
        dialog.OnSessionRefreshed(invite, ok, asUac: true);
        return dialog;
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

    /// <summary>A target refresh (re-INVITE, UPDATE or their 2xx) replaces the remote target (RFC 3261 §12.2.1.2, §12.2.2).</summary>
    internal void RefreshTarget(SipMessage message)
    {
        if (ContactTarget(message, out var endPoint) is not { } target)
        {
            return;
        }
        lock (_gate)
        {
            _remoteTarget = target;
            if (Transport == SipTransportKind.Udp && endPoint is not null)
            {
                _remoteEndPoint = endPoint;
            }
        }
    }

    internal void UpdateSdp(string? local, string? remote)
    {
        lock (_gate)
        {
            _localSdp = string.IsNullOrEmpty(local) ? _localSdp : local;
            _remoteSdp = string.IsNullOrEmpty(remote) ? _remoteSdp : remote;
        }
    }

    /// <summary>
    /// The remote CSeq check of RFC 3261 §12.2.2: false (answer 500) for a number lower than the last one;
    /// otherwise the number becomes the remote sequence.
    /// </summary>
    internal bool TryAcceptRemoteSequence(uint number)
    {
        lock (_gate)
        {
            if (_remoteSeq != NoRemoteSequence && number < _remoteSeq)
            {
                return false;
            }
            _remoteSeq = number;
            return true;
        }
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
        OnEnding();
        try
        {
            await SendAsync(CreateRequest(SipMethods.Bye), ct).ConfigureAwait(false);
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
            throw new NotSupportedException($"{method} cannot be sent with SendRequestAsync; use ReinviteAsync, HangUpAsync or a new call.");
        }
        var request = CreateRequest(method);
        if (body is not null)
        {
            request.Headers.Set(HeaderNames.ContentType, contentType ?? "application/octet-stream");
            request.Body = body;
        }
        return SendAsync(request, ct);
    }

    /// <summary>Sends a built in-dialog request to the next hop of the route set.</summary>
    internal Task<SipResponse> SendAsync(SipRequest request, CancellationToken ct)
    {
        var hop = NextHop();
        return _endpoint.SendNonInviteAsync(request, hop.EndPoint, hop.Transport, ct);
    }

    /// <summary>The first Route entry when there is a route set, else the remote target (RFC 3261 §12.2.1.1).</summary>
    internal RouteHop NextHop() =>
        _routeSet.Count > 0 && RouteHop.FromUri(_routeSet[0], Transport) is { } first
            ? first
            : new RouteHop(RemoteEndPoint, Transport);

    /// <summary>
    /// An in-dialog request (RFC 3261 §12.2.1.1): loose routing puts the remote target in the Request-URI and
    /// the route set in Route; a strict router (no lr) gets the Request-URI and the remote target goes last.
    /// </summary>
    internal SipRequest CreateRequest(string method, uint? cseq = null)
    {
        var number = cseq ?? (uint)Interlocked.Increment(ref _localSeq);
        var target = RemoteTarget;
        var requestUri = target;
        IEnumerable<string> routes = _routeSet;
        if (_routeSet.Count > 0 && NameAddress.TryParse(_routeSet[0], out var first) && !first!.Uri.Parameters.ContainsKey("lr"))
        {
            requestUri = (first.Uri with { Parameters = new OrderedParameters(first.Uri.Parameters.Where(p => !p.Key.Equals("method", StringComparison.OrdinalIgnoreCase))) }).ToString();
            routes = [.. _routeSet.Skip(1), $"<{target}>"];
        }
        var request = new SipRequest(method, requestUri);
        request.Headers.Add(HeaderNames.MaxForwards, "70");
        request.Headers.Add(HeaderNames.From, _local.ToString());
        request.Headers.Add(HeaderNames.To, _remote.ToString());
        request.Headers.Add(HeaderNames.CallId, CallId);
        request.Headers.Add(HeaderNames.CSeq, $"{number.ToString(CultureInfo.InvariantCulture)} {method}");
        foreach (var route in routes)
        {
            request.Headers.Add(HeaderNames.Route, route);
        }
        return request;
    }

    /// <summary>An ACK for a 2xx of ours: the first confirms the dialog, a later one a re-INVITE (RFC 3261 §13.3.1.4).</summary>
    internal void OnAck(SipRequest ack)
    {
        _ack.TrySetResult();
        OnReinviteAck(ack);
    }

    internal async Task OnByeAsync(ServerTransaction transaction)
    {
        await transaction.RespondAsync(_endpoint.CreateResponse(transaction.Request, 200, "OK")).ConfigureAwait(false);
        EndWithoutBye("remote BYE");
    }

    /// <summary>Ends the dialog without sending BYE (the peer sent one, or it is gone).</summary>
    internal void EndWithoutBye(string reason)
    {
        if (Interlocked.Exchange(ref _terminated, 1) == 0)
        {
            _endpoint.RemoveDialog(this);
            _ack.TrySetResult();
            OnEnding();
            Terminated?.Invoke(this, reason);
        }
    }

    /// <summary>Routes an in-dialog request (not BYE/ACK/OPTIONS) to its handling; the application sees the rest.</summary>
    internal async Task OnRequestAsync(SipServerRequest request)
    {
        var handled = request.Request.Method switch
        {
            SipMethods.Invite => await OnReinviteAsync(request).ConfigureAwait(false),
            SipMethods.Update => await OnUpdateAsync(request).ConfigureAwait(false),
            SipMethods.Info => await OnInfoAsync(request).ConfigureAwait(false),
            SipMethods.Refer => await OnReferAsync(request).ConfigureAwait(false),
            SipMethods.Notify => await OnNotifyAsync(request).ConfigureAwait(false),
            _ => false,
        };
        if (!handled)
        {
            await DeliverAsync(request).ConfigureAwait(false);
        }
    }

    /// <summary>Hands a request to the application, or answers it by default when nobody listens.</summary>
    private async Task DeliverAsync(SipServerRequest request)
    {
        var handler = RequestReceived;
        if (handler is not null)
        {
            await handler(request).ConfigureAwait(false);
            return;
        }
        var method = request.Request.Method;
        if (method is SipMethods.Invite or SipMethods.Update && IsRefreshOffer(request.Request))
        {
            // A session refresh (RFC 4028 §7.4) re-offers the same SDP; the answer is our current one.
            await request.RespondAsync(200, "OK", "application/sdp", System.Text.Encoding.UTF8.GetBytes(LocalSdp)).ConfigureAwait(false);
            return;
        }
        await (method switch
        {
            SipMethods.Info => request.RespondAsync(200, "OK"),
            SipMethods.Invite or SipMethods.Update => request.RespondAsync(488, "Not Acceptable Here"),
            SipMethods.Refer => request.RespondAsync(603, "Declined"),
            SipMethods.Notify => request.RespondAsync(489, "Bad Event"),
            _ when SipMethods.IsKnown(method) => request.RespondAsync(405, "Method Not Allowed",
                extraHeaders: [new(HeaderNames.Allow, SipMethods.Allowed)]),
            _ => request.RespondAsync(501, "Not Implemented"),
        }).ConfigureAwait(false);
    }

    private bool IsRefreshOffer(SipRequest request) => request.Body.Length == 0 || request.BodyText == RemoteSdp;

    /// <summary>Stops what outlives a dialog's requests (session timer).</summary>
    partial void OnEnding();
}

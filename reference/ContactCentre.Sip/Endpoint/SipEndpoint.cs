using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Security.Cryptography;

namespace ContactCentre.Sip;

/// <summary>
/// A SIP user agent: UDP and TCP transports (RFC 3261 §18), transactions (§17) and dialogs (§12).
/// One per process role: the contact centre host has one, each simulated phone has one.
/// </summary>
public sealed partial class SipEndpoint : IAsyncDisposable
{
    private readonly SipEndpointOptions _options;
    private readonly UdpChannel _udp;
    private readonly TcpChannel? _tcp;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<string, ServerTransaction> _serverTransactions = new();
    private readonly ConcurrentDictionary<string, object> _clientTransactions = new();
    // Where each client transaction over TCP sends, so an idle check does not close a connection it waits on.
    private readonly ConcurrentDictionary<string, IPEndPoint> _tcpClientPeers = new();
    private readonly ConcurrentDictionary<string, SipDialog> _dialogs = new();
    private readonly ConcurrentDictionary<IPEndPoint, WebSocketConnection> _webSockets = new();
    private readonly IPAddress _advertised;
    private readonly SourceRateLimiter? _rateLimiter;
    private readonly SipHostResolver _resolver;

    private SipEndpoint(SipEndpointOptions options, UdpChannel udp, TcpChannel? tcp)
    {
        _options = options;
        _udp = udp;
        _tcp = tcp;
        _udp.SendFailed = Log;
        Timers = new SipTimers(options.Time, options.T1, options.T2, options.T4);
        if (_tcp is not null)
        {
            _tcp.InUse = TcpPeerInUse;
            _tcp.Closed = closed =>
            {
                try
                {
                    TcpConnectionClosed?.Invoke(closed);
                }
                catch (Exception e)
                {
                    Log($"TcpConnectionClosed handler failed: {e.Message}");
                }
            };
        }
        _resolver = new SipHostResolver(options.HostResolveTimeout);
        _rateLimiter = options.RateLimit is { } limit ? new SourceRateLimiter(limit, options.Time) : null;
        var bound = udp.LocalEndPoint.Address;
        _advertised = options.AdvertisedAddress
            ?? (bound.Equals(IPAddress.Any) || bound.Equals(IPAddress.IPv6Any) ? IPAddress.Loopback : bound);
    }

    /// <summary>The bound UDP endpoint (TCP listens on the same address and port).</summary>
    public IPEndPoint LocalEndPoint => _udp.LocalEndPoint;

    /// <summary>Called for each new INVITE (not re-INVITE). Without a handler INVITEs get 480.</summary>
    public Func<IncomingCall, Task>? OnInvite { get; set; }

    /// <summary>Out-of-dialog non-INVITE requests other than OPTIONS/CANCEL/ACK; without a handler 405/501.</summary>
    public Func<SipServerRequest, Task>? OnRequest { get; set; }

    /// <summary>Log lines: parse errors, dropped messages, handler failures.</summary>
    public event Action<string>? Diagnostic;

    /// <summary>Raised when a TCP connection is closed by the peer, for idleness, or at shutdown.</summary>
    public event Action<TcpConnectionClosed>? TcpConnectionClosed;

    /// <summary>Open TCP connections, inbound and outbound.</summary>
    public int TcpConnectionCount => _tcp?.ConnectionCount ?? 0;

    public int ActiveTransactionCount => _serverTransactions.Count + _clientTransactions.Count;

    public int ActiveServerTransactionCount => _serverTransactions.Count;

    public int ActiveClientTransactionCount => _clientTransactions.Count;

    public int ActiveDialogCount => _dialogs.Count;

    internal SipTimers Timers { get; }

    internal SipEndpointOptions Options => _options;

    private string HostPort => $"{FormatHost(_advertised)}:{LocalEndPoint.Port.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>
    /// Binds UDP and, if enabled, TCP on the same address and port. Port 0 picks an ephemeral UDP port
    /// and then TCP on that number, retrying if TCP finds it taken.
    /// </summary>
    public static Task<SipEndpoint> StartAsync(SipEndpointOptions options, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ct.ThrowIfCancellationRequested();
        const int ephemeralAttempts = 10;
        for (var attempt = 1; ; attempt++)
        {
            var udp = UdpChannel.Bind(new IPEndPoint(options.Address, options.Port), options.MaxUdpMessageSize);
            TcpChannel? tcp = null;
            if (options.EnableTcp)
            {
                try
                {
                    tcp = TcpChannel.Bind(new IPEndPoint(options.Address, udp.LocalEndPoint.Port), options.Time,
                        options.TcpIdleTimeout);
                }
                catch (SipBindException)
                {
                    udp.Dispose();
                    if (options.Port != 0 || attempt == ephemeralAttempts)
                    {
                        throw;
                    }
                    continue;
                }
            }
            var endpoint = new SipEndpoint(options, udp, tcp);
            endpoint.StartLoops();
            return Task.FromResult(endpoint);
        }
    }

    private void StartLoops()
    {
        _ = _udp.ReceiveLoopAsync(OnMessageAsync, Log, _stop.Token);
        if (_tcp is not null)
        {
            _tcp.Start(OnMessageAsync, Log, _stop.Token);
        }
    }

    /// <summary>The WebSocket subprotocol a SIP client asks for in its upgrade (RFC 7118 §4.1).</summary>
    public const string WebSocketSubProtocol = "sip";

    /// <summary>
    /// Serves SIP over a WebSocket the host has already upgraded (RFC 7118), e.g. Kestrel's /sip/ws with
    /// subprotocol <see cref="WebSocketSubProtocol"/>, until the peer closes it, <paramref name="ct"/> fires
    /// or the endpoint is disposed. Responses and in-dialog requests to <paramref name="remote"/> go back on it.
    /// </summary>
    public async Task AcceptWebSocketAsync(WebSocket socket, IPEndPoint remote, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(socket);
        ArgumentNullException.ThrowIfNull(remote);
        var connection = new WebSocketConnection(socket, remote);
        _webSockets[remote] = connection;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct, _stop.Token);
        try
        {
            await connection.ReadLoopAsync(OnMessageAsync, Log, stop.Token).ConfigureAwait(false);
        }
        finally
        {
            _webSockets.TryRemove(new KeyValuePair<IPEndPoint, WebSocketConnection>(remote, connection));
        }
    }

    public int WebSocketConnectionCount => _webSockets.Count;

    /// <summary>Our URI for a user: sip:user@ip:port.</summary>
    public string ContactUri(string user) => $"sip:{user}@{HostPort}";

    internal string ContactHeader(string user, SipTransportKind transport) =>
        transport switch
        {
            SipTransportKind.Tcp => $"<{ContactUri(user)};transport=tcp>",
            SipTransportKind.WebSocket => $"<{ContactUri(user)};transport=ws>",
            _ => $"<{ContactUri(user)}>",
        };

    /// <summary>Sends a non-INVITE request in its own client transaction (e.g. OPTIONS probe, MESSAGE).</summary>
    public Task<SipResponse> SendRequestAsync(SipRequest request, IPEndPoint destination,
        SipTransportKind transport = SipTransportKind.Udp, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Method is SipMethods.Invite or SipMethods.Ack)
        {
            throw new ArgumentException("Use InviteAsync for INVITE; ACK is sent by the endpoint.", nameof(request));
        }
        FillMissingHeaders(request);
        return SendNonInviteAsync(request, destination, transport, ct);
    }

    /// <summary>Fills the headers an application-built request may leave out (RFC 3261 §8.1.1).</summary>
    private void FillMissingHeaders(SipRequest request)
    {
        if (request.Headers[HeaderNames.MaxForwards] is null)
        {
            request.Headers.Add(HeaderNames.MaxForwards, "70");
        }
        if (request.From is null)
        {
            request.Headers.Add(HeaderNames.From, $"<{ContactUri(_options.UserAgent.Replace(' ', '-'))}>;tag={NewTag()}");
        }
        if (request.To is null)
        {
            request.Headers.Add(HeaderNames.To, $"<{request.RequestUri}>");
        }
        if (request.CallId is null)
        {
            request.Headers.Add(HeaderNames.CallId, NewCallId());
        }
        if (request.Headers[HeaderNames.CSeq] is null)
        {
            request.Headers.Add(HeaderNames.CSeq, $"1 {request.Method}");
        }
    }

    internal async Task<SipResponse> SendNonInviteAsync(SipRequest request, IPEndPoint destination,
        SipTransportKind transport, CancellationToken ct)
    {
        if (request.Headers[HeaderNames.UserAgent] is null)
        {
            request.Headers.Add(HeaderNames.UserAgent, _options.UserAgent);
        }
        if (request.TopVia is null)
        {
            transport = TransportFor(request, transport);
            request.Headers.Prepend(HeaderNames.Via, NewVia(transport));
        }
        var key = TransactionKeys.Client(request) ?? throw new ArgumentException("Request needs a Via branch and CSeq.");
        var transaction = new NonInviteClientTransaction(key, request, transport != SipTransportKind.Udp, Timers,
            bytes => SendAsync(bytes, destination, transport), RemoveClientTransaction);
        AddClientTransaction(key, transaction, destination, transport);
        return await transaction.RunAsync(ct).ConfigureAwait(false);
    }

    /// <summary>An INVITE inside a dialog (re-INVITE, RFC 3261 §14.1) in its own client transaction.</summary>
    internal async Task<SipResponse> SendInviteInDialogAsync(SipRequest invite, RouteHop hop, Func<Task> resendAck)
    {
        invite.Headers.Add(HeaderNames.UserAgent, _options.UserAgent);
        hop = hop with { Transport = TransportFor(invite, hop.Transport) };
        invite.Headers.Prepend(HeaderNames.Via, NewVia(hop.Transport));
        var key = TransactionKeys.Client(invite)!;
        var transaction = new InviteClientTransaction(key, invite, hop.Transport != SipTransportKind.Udp, Timers,
            bytes => SendAsync(bytes, hop.EndPoint, hop.Transport), RemoveClientTransaction)
        {
            On2xxRetransmission = _ => resendAck(),
        };
        AddClientTransaction(key, transaction, hop.EndPoint, hop.Transport);
        return await transaction.RunAsync().ConfigureAwait(false);
    }

    /// <summary>
    /// RFC 3261 §18.1.1: a request that would be within 200 bytes of the MTU (over 1300 bytes with its Via)
    /// goes over TCP when TCP is enabled, as congestion-controlled transport.
    /// </summary>
    internal SipTransportKind TransportFor(SipRequest request, SipTransportKind transport)
    {
        const int viaAllowance = 120;
        if (transport != SipTransportKind.Udp || _tcp is null)
        {
            return transport;
        }
        return request.ToBytes().Length + viaAllowance > UdpChannel.CongestionSafeSize ? SipTransportKind.Tcp : transport;
    }

    /// <summary>A response with the mandatory copied headers and our Server header.</summary>
    internal SipResponse CreateResponse(SipRequest request, int statusCode, string reason, string? toTag = null)
    {
        var response = SipResponses.Create(request, statusCode, reason, toTag);
        response.Headers.Add(HeaderNames.Server, _options.UserAgent);
        return response;
    }

    internal Task SendAsync(byte[] bytes, IPEndPoint destination, SipTransportKind transport, ISipConnection? connection = null)
    {
        switch (transport)
        {
            case SipTransportKind.Tcp when _tcp is null:
                Log($"TCP is disabled; cannot send to {destination}");
                return Task.CompletedTask;
            case SipTransportKind.Tcp:
                return _tcp.SendAsync(bytes, destination, connection as TcpConnection);
            case SipTransportKind.WebSocket:
                return SendOnWebSocketAsync(bytes, destination, connection);
            default:
                return _udp.SendAsync(bytes, destination);
        }
    }

    /// <summary>We cannot dial a browser: a WebSocket message goes on the peer's open connection or nowhere (RFC 7118 §5).</summary>
    private async Task SendOnWebSocketAsync(byte[] bytes, IPEndPoint destination, ISipConnection? connection)
    {
        if (connection is { IsOpen: true } && await connection.SendAsync(bytes).ConfigureAwait(false))
        {
            return;
        }
        if (!_webSockets.TryGetValue(destination, out var open) || !await open.SendAsync(bytes).ConfigureAwait(false))
        {
            Log($"No open WebSocket to {destination}; message dropped");
        }
    }

    internal void AddDialog(SipDialog dialog) => _dialogs[dialog.Key] = dialog;

    internal void RemoveDialog(SipDialog dialog) =>
        _dialogs.TryRemove(new KeyValuePair<string, SipDialog>(dialog.Key, dialog));

    private void AddClientTransaction(string key, object transaction, IPEndPoint destination, SipTransportKind transport)
    {
        if (transport == SipTransportKind.Tcp)
        {
            _tcpClientPeers[key] = destination;
        }
        _clientTransactions[key] = transaction;
    }

    private void RemoveClientTransaction(string key)
    {
        _clientTransactions.TryRemove(key, out _);
        _tcpClientPeers.TryRemove(key, out _);
    }

    /// <summary>
    /// A TCP peer is in use while a transaction on it is unfinished (RFC 3261 §18: keep the connection at least
    /// for the transaction) or a dialog sends to it: a phone behind NAT can only be reached on the connection it opened.
    /// </summary>
    private bool TcpPeerInUse(IPEndPoint remote) =>
        _tcpClientPeers.Values.Any(remote.Equals)
        || _serverTransactions.Values.Any(t => t.Source.Transport == SipTransportKind.Tcp && remote.Equals(t.Source.Remote))
        || _dialogs.Values.Any(d => d.Transport == SipTransportKind.Tcp && remote.Equals(d.NextHop().EndPoint));

    private void RemoveServerTransaction(ServerTransaction transaction) =>
        _serverTransactions.TryRemove(new KeyValuePair<string, ServerTransaction>(transaction.Key, transaction));

    /// <summary>Our Via with a fresh branch and rport (RFC 3261 §8.1.1.7, RFC 3581 §3).</summary>
    internal string NewVia(SipTransportKind transport) =>
        $"SIP/2.0/{transport switch { SipTransportKind.Tcp => "TCP", SipTransportKind.WebSocket => "WS", _ => "UDP" }} {HostPort};branch={ViaHeader.MagicCookie}{RandomNumberGenerator.GetHexString(16, true)};rport";

    internal static string NewTag() => RandomNumberGenerator.GetHexString(12, true);

    internal string NewCallId() => $"{RandomNumberGenerator.GetHexString(24, true)}@{FormatHost(_advertised)}";

    private static string FormatHost(IPAddress address) =>
        address.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{address}]" : address.ToString();

    internal void Log(string line)
    {
        try
        {
            Diagnostic?.Invoke(line);
        }
        catch (Exception)
        {
            // A faulty log subscriber must not stop the receive loop.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _udp.Dispose();
        _tcp?.Dispose();
        // _stop is not disposed: timer continuations still holding its token may run after this returns.
    }
}

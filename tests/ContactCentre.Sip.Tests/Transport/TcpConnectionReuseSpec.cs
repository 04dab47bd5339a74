using System.Net;

namespace ContactCentre.Sip.Tests;

/// <summary>
/// TCP connection management (RFC 3261 §18): one connection per peer whichever side opened it, responses on the
/// connection the request came on (§18.2.2), idle connections closed, connections the peer closes forgotten.
/// </summary>
[Trait("Category", "Integration")]
public sealed class TcpConnectionReuseSpec : IAsyncLifetime
{
    private readonly ManualClock _clock = new();
    private SipEndpoint _endpoint = null!;
    private readonly TaskCompletionSource<TcpConnectionClosed> _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public async Task InitializeAsync()
    {
        // The manual clock only drives the idle timeout here: TCP transactions do not retransmit.
        _endpoint = await SipEndpoint.StartAsync(TestEndpoints.Options() with { Time = _clock });
        _endpoint.TcpConnectionClosed += closed => _closed.TrySetResult(closed);
    }

    public async Task DisposeAsync() => await _endpoint.DisposeAsync();

    private static SipRequest Options(IPEndPoint to) => new(SipMethods.Options, $"sip:probe@{to}");

    private Task<SipResponse> SendOptionsAsync(IPEndPoint to) =>
        _endpoint.SendRequestAsync(Options(to), to, SipTransportKind.Tcp).WaitAsync(TestEndpoints.Timeout);

    private static string[] InboundOptions(IPEndPoint viaSentBy, string branch) =>
    [
        $"OPTIONS sip:queue-sales@127.0.0.1 SIP/2.0",
        $"Via: SIP/2.0/TCP {viaSentBy};branch={branch}",
        "Max-Forwards: 70",
        "From: <sip:agent7@example.com>;tag=tcp1",
        "To: <sip:queue-sales@127.0.0.1>",
        $"Call-ID: {branch}-call",
        "CSeq: 1 OPTIONS",
        "Content-Length: 0",
        "",
        "",
    ];

    [Fact]
    public async Task Requests_one_after_another_to_a_tcp_peer_share_one_connection()
    {
        using var peer = new RawTcpPeer();

        var first = await SendOptionsAsync(peer.EndPoint);
        var second = await SendOptionsAsync(peer.EndPoint);

        Assert.Equal(200, first.StatusCode);
        Assert.Equal(200, second.StatusCode);
        Assert.Equal(1, peer.AcceptCount);
        Assert.Equal(1, _endpoint.TcpConnectionCount);
    }

    [Fact]
    public async Task Requests_sent_at_once_to_a_new_tcp_peer_share_one_connection()
    {
        using var peer = new RawTcpPeer();

        var responses = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => SendOptionsAsync(peer.EndPoint)));

        Assert.All(responses, r => Assert.Equal(200, r.StatusCode));
        Assert.Equal(1, peer.AcceptCount);
    }

    [Fact]
    public async Task A_response_goes_back_on_the_connection_the_request_came_on()
    {
        // The Via names a listening peer: answering there instead of on the open connection would show as an accept.
        using var elsewhere = new RawTcpPeer(answer: false);
        using var phone = await RawTcpStream.ConnectAsync(_endpoint.LocalEndPoint);

        await phone.SendAsync(InboundOptions(elsewhere.EndPoint, "z9hG4bKtcpin1"));
        var response = Assert.IsType<SipResponse>(await phone.ReceiveAsync());

        Assert.Equal(200, response.StatusCode);
        Assert.Equal("z9hG4bKtcpin1-call", response.CallId);
        Assert.Equal(0, elsewhere.AcceptCount);
        Assert.Equal(1, _endpoint.TcpConnectionCount);
    }

    [Fact]
    public async Task A_request_to_a_peer_that_connected_to_us_uses_its_connection()
    {
        using var phone = await RawTcpStream.ConnectAsync(_endpoint.LocalEndPoint);
        await phone.SendAsync(InboundOptions(phone.LocalEndPoint, "z9hG4bKtcpin2"));
        await phone.ReceiveAsync();

        var sending = SendOptionsAsync(phone.LocalEndPoint);
        var request = Assert.IsType<SipRequest>(await phone.ReceiveAsync());
        await phone.SendAsync(SipResponses.Create(request, 200, "OK", "phone").ToBytes());

        Assert.Equal(SipMethods.Options, request.Method);
        Assert.Equal(200, (await sending).StatusCode);
        Assert.Equal(1, _endpoint.TcpConnectionCount);
    }

    [Fact]
    public async Task A_connection_idle_for_the_timeout_is_closed_and_not_before()
    {
        using var peer = new RawTcpPeer();
        await SendOptionsAsync(peer.EndPoint);
        var connection = await peer.FirstConnection;
        var idleTimeout = _endpoint.Options.TcpIdleTimeout;

        _clock.Advance(idleTimeout - TimeSpan.FromSeconds(1));
        var openBefore = _endpoint.TcpConnectionCount;
        _clock.Advance(TimeSpan.FromSeconds(1));
        var closed = await _closed.Task.WaitAsync(TestEndpoints.Timeout);
        await connection.ClosedByPeerAsync();

        Assert.Equal(1, openBefore);
        Assert.Equal(TcpCloseReason.Idle, closed.Reason);
        Assert.Equal(peer.EndPoint, closed.Remote);
        Assert.Equal(0, _endpoint.TcpConnectionCount);
    }

    [Fact]
    public async Task Traffic_postpones_the_idle_close()
    {
        using var peer = new RawTcpPeer();
        await SendOptionsAsync(peer.EndPoint);
        var idleTimeout = _endpoint.Options.TcpIdleTimeout;

        _clock.Advance(idleTimeout / 2);
        await SendOptionsAsync(peer.EndPoint);
        _clock.Advance(idleTimeout / 2 + TimeSpan.FromSeconds(1));
        var openAfterFirstTimeout = _endpoint.TcpConnectionCount;
        _clock.Advance(idleTimeout / 2);
        var closed = await _closed.Task.WaitAsync(TestEndpoints.Timeout);

        Assert.Equal(1, openAfterFirstTimeout);
        Assert.Equal(TcpCloseReason.Idle, closed.Reason);
        Assert.Equal(1, peer.AcceptCount);
    }

    [Fact]
    public async Task A_connection_the_peer_closes_leaves_the_table()
    {
        var phone = await RawTcpStream.ConnectAsync(_endpoint.LocalEndPoint);
        await phone.SendAsync(InboundOptions(phone.LocalEndPoint, "z9hG4bKtcpin3"));
        await phone.ReceiveAsync();
        var remote = phone.LocalEndPoint;

        phone.Dispose();
        var closed = await _closed.Task.WaitAsync(TestEndpoints.Timeout);

        Assert.Equal(TcpCloseReason.PeerClosed, closed.Reason);
        Assert.Equal(remote, closed.Remote);
        Assert.Equal(0, _endpoint.TcpConnectionCount);
    }
}

using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;

namespace ContactCentre.Sip.Tests;

/// <summary>SIP over WebSocket (RFC 7118) as a browser client would speak it, on a loopback socket pair.</summary>
[Trait("Category", "Integration")]
public sealed class WebSocketTransportSpec : IAsyncLifetime
{
    private const string BrowserHost = "df7jal23ls0d.invalid";
    private SipEndpoint _endpoint = null!;
    private WebSocket _browser = null!;
    private IPEndPoint _browserAddress = null!;
    private Task _serving = Task.CompletedTask;
    private readonly List<IDisposable> _sockets = [];

    public async Task InitializeAsync()
    {
        _endpoint = await TestEndpoints.StartAsync();
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var client = new TcpClient();
        await client.ConnectAsync((IPEndPoint)listener.LocalEndpoint);
        var server = await listener.AcceptTcpClientAsync();
        _sockets.AddRange([client, server]);
        _browserAddress = (IPEndPoint)server.Client.RemoteEndPoint!;
        _browser = WebSocket.CreateFromStream(client.GetStream(), new WebSocketCreationOptions { SubProtocol = SipEndpoint.WebSocketSubProtocol });
        var upgraded = WebSocket.CreateFromStream(server.GetStream(),
            new WebSocketCreationOptions { IsServer = true, SubProtocol = SipEndpoint.WebSocketSubProtocol });
        _serving = _endpoint.AcceptWebSocketAsync(upgraded, _browserAddress);
    }

    public async Task DisposeAsync()
    {
        _browser.Dispose();
        foreach (var socket in _sockets)
        {
            socket.Dispose();
        }
        await _endpoint.DisposeAsync();
        await _serving.WaitAsync(TestEndpoints.Timeout);
    }

    private static string[] Request(string method, string branch, string callId, string toTag = "", uint cseq = 1, string? body = null) =>
    [
        $"{method} sip:queue-sales@127.0.0.1 SIP/2.0",
        $"Via: SIP/2.0/WS {BrowserHost};branch={branch}",
        "Max-Forwards: 70",
        "From: <sip:agent7@example.com>;tag=ws1",
        toTag.Length == 0 ? "To: <sip:queue-sales@127.0.0.1>" : $"To: <sip:queue-sales@127.0.0.1>;tag={toTag}",
        $"Call-ID: {callId}",
        $"CSeq: {cseq} {method}",
        $"Contact: <sip:agent7@{BrowserHost};transport=ws>",
        .. body is null ? new[] { "Content-Length: 0", "", "" }
            : ["Content-Type: application/sdp", $"Content-Length: {Encoding.UTF8.GetByteCount(body)}", "", body],
    ];

    private Task SendAsync(params string[] lines) =>
        _browser.SendAsync(SipText.Bytes(lines), WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);

    /// <summary>The next WebSocket message, which must be exactly one text frame holding one SIP message.</summary>
    private async Task<SipMessage> ReceiveAsync()
    {
        var buffer = new byte[65_536];
        using var timeout = new CancellationTokenSource(TestEndpoints.Timeout);
        var result = await _browser.ReceiveAsync(buffer, timeout.Token);
        Assert.Equal(WebSocketMessageType.Text, result.MessageType);
        Assert.True(result.EndOfMessage, "one SIP message is one WebSocket message");
        Assert.True(SipParser.TryParse(buffer.AsSpan(0, result.Count), out var message, out var error), error);
        return message!;
    }

    [Fact]
    public async Task Options_over_a_websocket_is_answered_on_the_same_websocket()
    {
        await SendAsync(Request("OPTIONS", "z9hG4bKws1", "ws-options"));
        var response = Assert.IsType<SipResponse>(await ReceiveAsync());

        Assert.Equal(200, response.StatusCode);
        Assert.Equal("ws-options", response.CallId);
        Assert.StartsWith($"SIP/2.0/WS {BrowserHost}", response.TopVia);
        Assert.Equal(1, _endpoint.WebSocketConnectionCount);
    }

    [Fact]
    public async Task A_browser_call_is_answered_and_hung_up_over_its_websocket()
    {
        var answered = new TaskCompletionSource<SipDialog>(TaskCreationOptions.RunContinuationsAsynchronously);
        _endpoint.OnInvite = async call =>
        {
            Assert.Equal(SipTransportKind.WebSocket, call.Transport);
            answered.SetResult(await call.AcceptAsync(TestEndpoints.Offer(52000)));
        };

        await SendAsync(Request("INVITE", "z9hG4bKwsinv", "ws-call", body: TestEndpoints.Offer()));
        var ok = (SipResponse)await ReceiveAsync();
        while (ok.StatusCode < 200)
        {
            ok = (SipResponse)await ReceiveAsync();
        }
        await SendAsync(Request("ACK", "z9hG4bKwsack", "ws-call", toTag: ok.ToTag!));
        var dialog = await answered.Task.WaitAsync(TestEndpoints.Timeout);
        var hangUp = dialog.HangUpAsync();
        var bye = Assert.IsType<SipRequest>(await ReceiveAsync());
        await _browser.SendAsync(SipResponses.Create(bye, 200, "OK").ToBytes(), WebSocketMessageType.Text, true, CancellationToken.None);
        await hangUp.WaitAsync(TestEndpoints.Timeout);

        Assert.Equal(200, ok.StatusCode);
        Assert.Contains("transport=ws", ok.Headers["Contact"]);
        Assert.Equal("BYE", bye.Method);
        Assert.StartsWith("SIP/2.0/WS ", bye.TopVia);
        Assert.Equal($"sip:agent7@{BrowserHost};transport=ws", bye.RequestUri);
        await TestEndpoints.NothingLeftBehindAsync(_endpoint);
    }

    [Fact]
    public async Task Closing_the_websocket_ends_the_serving_task()
    {
        await _browser.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None);

        await _serving.WaitAsync(TestEndpoints.Timeout);
        Assert.Equal(0, _endpoint.WebSocketConnectionCount);
    }
}

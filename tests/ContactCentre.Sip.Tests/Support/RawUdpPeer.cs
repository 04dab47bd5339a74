using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace ContactCentre.Sip.Tests;

/// <summary>A hand-driven SIP peer on a bare UDP socket, to send what a well-behaved endpoint never would.</summary>
internal sealed class RawUdpPeer : IDisposable
{
    private readonly UdpClient _client;

    /// <param name="address">127.0.0.1 unless given; ::1 for IPv6 tests.</param>
    public RawUdpPeer(IPAddress? address = null)
    {
        var bind = address ?? IPAddress.Loopback;
        _client = new UdpClient(new IPEndPoint(bind, 0));
    }

    public IPEndPoint LocalEndPoint => (IPEndPoint)_client.Client.LocalEndPoint!;

    public int Port => LocalEndPoint.Port;

    public Task SendAsync(IPEndPoint to, byte[] datagram) => _client.SendAsync(datagram, to).AsTask();

    public Task SendAsync(IPEndPoint to, params string[] lines) => SendAsync(to, SipText.Bytes(lines));

    /// <summary>The next parsed message, or null if none arrives within <paramref name="wait"/>.</summary>
    public async Task<SipMessage?> ReceiveAsync(TimeSpan wait)
    {
        using var timeout = new CancellationTokenSource(wait);
        try
        {
            var result = await _client.ReceiveAsync(timeout.Token);
            Assert.True(SipParser.TryParse(result.Buffer, out var message, out var error), error);
            return message;
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    public async Task<T> ReceiveAsync<T>(Func<T, bool> match) where T : SipMessage
    {
        while (true)
        {
            var message = await ReceiveAsync(TestEndpoints.Timeout);
            Assert.NotNull(message);
            if (message is T typed && match(typed))
            {
                return typed;
            }
        }
    }

    public string[] Request(string method, string branch, string callId, string toTag = "", uint cseq = 1, string? body = null) =>
    [
        $"{method} sip:queue-sales@127.0.0.1 SIP/2.0",
        $"Via: SIP/2.0/UDP 127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)};branch={branch};rport",
        "Max-Forwards: 70",
        "From: \"Raw\" <sip:raw@127.0.0.1>;tag=raw1",
        toTag.Length == 0 ? "To: <sip:queue-sales@127.0.0.1>" : $"To: <sip:queue-sales@127.0.0.1>;tag={toTag}",
        $"Call-ID: {callId}",
        $"CSeq: {cseq.ToString(CultureInfo.InvariantCulture)} {method}",
        $"Contact: <sip:raw@127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}>",
        .. body is null ? new[] { "Content-Length: 0", "", "" }
            : ["Content-Type: application/sdp", $"Content-Length: {body.Length.ToString(CultureInfo.InvariantCulture)}", "", body],
    ];

    /// <summary>Sends without the thread pool, for tests that keep every pool thread busy.</summary>
    public void Send(IPEndPoint to, params string[] lines) => _client.Client.SendTo(SipText.Bytes(lines), to);

    /// <summary>
    /// The first message <paramref name="match"/> accepts, read on the calling thread (no thread pool), or null
    /// when none came within <paramref name="wait"/>.
    /// </summary>
    public T? Receive<T>(Func<T, bool> match, TimeSpan wait) where T : SipMessage
    {
        var deadline = DateTime.UtcNow + wait;
        var buffer = new byte[65_535];
        while (DateTime.UtcNow < deadline)
        {
            _client.Client.ReceiveTimeout = Math.Max(1, (int)(deadline - DateTime.UtcNow).TotalMilliseconds);
            int length;
            try
            {
                length = _client.Client.Receive(buffer);
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.TimedOut)
            {
                return null;
            }
            if (SipParser.TryParse(buffer.AsSpan(0, length), out var message, out _) && message is T typed && match(typed))
            {
                return typed;
            }
        }
        return null;
    }

    public void Dispose() => _client.Dispose();
}

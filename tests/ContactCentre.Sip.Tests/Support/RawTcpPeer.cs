using System.Net;
using System.Net.Sockets;

namespace ContactCentre.Sip.Tests;

/// <summary>One hand-driven TCP connection carrying SIP, framed the way the endpoint frames it.</summary>
internal sealed class RawTcpStream(Socket socket) : IDisposable
{
    private readonly StreamFramer _framer = new();
    private readonly byte[] _buffer = new byte[16_384];

    public IPEndPoint LocalEndPoint => (IPEndPoint)socket.LocalEndPoint!;

    public static async Task<RawTcpStream> ConnectAsync(IPEndPoint to)
    {
        var socket = new Socket(to.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(to);
        return new RawTcpStream(socket);
    }

    public async Task SendAsync(byte[] data) => await socket.SendAsync(data, SocketFlags.None);

    public Task SendAsync(params string[] lines) => SendAsync(SipText.Bytes(lines));

    /// <summary>The next message on the connection; fails the test if the connection ends or nothing comes.</summary>
    public async Task<SipMessage> ReceiveAsync()
    {
        using var timeout = new CancellationTokenSource(TestEndpoints.Timeout);
        while (true)
        {
            if (_framer.TryTake(out var error) is { } bytes)
            {
                Assert.True(SipParser.TryParse(bytes, out var message, out var parseError), parseError);
                return message!;
            }
            Assert.Null(error);
            var read = await socket.ReceiveAsync(_buffer, SocketFlags.None, timeout.Token);
            Assert.True(read > 0, "the connection ended before a message arrived");
            Assert.True(_framer.Append(_buffer.AsSpan(0, read)));
        }
    }

    /// <summary>Completes when the other side closes the connection (a zero-byte read).</summary>
    public async Task ClosedByPeerAsync()
    {
        using var timeout = new CancellationTokenSource(TestEndpoints.Timeout);
        while (await socket.ReceiveAsync(_buffer, SocketFlags.None, timeout.Token) > 0)
        {
        }
    }

    public void Dispose() => socket.Dispose();
}

/// <summary>A TCP SIP peer on a bare listener that answers every request 200 and counts the connections it accepts.</summary>
internal sealed class RawTcpPeer : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly List<RawTcpStream> _accepted = [];
    private readonly TaskCompletionSource<RawTcpStream> _first = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _acceptCount;

    public RawTcpPeer(bool answer = true)
    {
        _listener.Start();
        _ = AcceptLoopAsync(answer);
    }

    public IPEndPoint EndPoint => (IPEndPoint)_listener.LocalEndpoint;

    public int AcceptCount => Volatile.Read(ref _acceptCount);

    public Task<RawTcpStream> FirstConnection => _first.Task;

    private async Task AcceptLoopAsync(bool answer)
    {
        try
        {
            while (true)
            {
                var stream = new RawTcpStream(await _listener.AcceptSocketAsync());
                Interlocked.Increment(ref _acceptCount);
                lock (_accepted)
                {
                    _accepted.Add(stream);
                }
                _first.TrySetResult(stream);
                if (answer)
                {
                    _ = AnswerAsync(stream);
                }
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
        }
    }

    private static async Task AnswerAsync(RawTcpStream stream)
    {
        try
        {
            while (true)
            {
                if (await stream.ReceiveAsync() is SipRequest request)
                {
                    await stream.SendAsync(SipResponses.Create(request, 200, "OK", "peer").ToBytes());
                }
            }
        }
        catch (Exception)
        {
            // The connection went away; the test asserts what it needs on its own side.
        }
    }

    public void Dispose()
    {
        _listener.Stop();
        lock (_accepted)
        {
            _accepted.ForEach(s => s.Dispose());
        }
    }
}

using System.Net;
using System.Text;

namespace ContactCentre.Sip.Tests;

[Trait("Category", "Integration")]
public sealed class UdpProtectionSpec : IDisposable
{
    private readonly RawUdpPeer _peer = new();

    public void Dispose() => _peer.Dispose();

    [Fact]
    public async Task A_source_over_its_rate_gets_503_with_retry_after()
    {
        var options = TestEndpoints.Options() with { Time = new ManualClock(), RateLimit = new SourceRateLimit(1, 2) };
        await using var endpoint = await SipEndpoint.StartAsync(options);
        var statuses = new List<int>();
        SipResponse? refused = null;

        for (var i = 0; i < 3; i++)
        {
            await _peer.SendAsync(endpoint.LocalEndPoint, _peer.Request("OPTIONS", $"z9hG4bKrate{i}", $"rate-{i}"));
            var response = await _peer.ReceiveAsync<SipResponse>(r => r.CallId == $"rate-{i}");
            statuses.Add(response.StatusCode);
            refused = response.StatusCode == 503 ? response : refused;
        }

        Assert.Equal([200, 200, 503], statuses);
        Assert.Equal("2", refused!.Headers["Retry-After"]); // One token of debt plus one to spend, at 1/s.
    }

    [Fact]
    public async Task Retransmissions_of_an_accepted_request_do_not_spend_the_budget()
    {
        var options = TestEndpoints.Options() with { Time = new ManualClock(), RateLimit = new SourceRateLimit(1, 1) };
        await using var endpoint = await SipEndpoint.StartAsync(options);
        var request = _peer.Request("OPTIONS", "z9hG4bKsame", "same");

        await _peer.SendAsync(endpoint.LocalEndPoint, request);
        var first = await _peer.ReceiveAsync<SipResponse>(_ => true);
        await _peer.SendAsync(endpoint.LocalEndPoint, request);
        var again = await _peer.ReceiveAsync<SipResponse>(_ => true);

        Assert.Equal(200, first.StatusCode);
        Assert.Equal(200, again.StatusCode);
    }

    [Fact]
    public async Task An_oversized_datagram_is_dropped_and_the_endpoint_keeps_serving()
    {
        await using var endpoint = await SipEndpoint.StartAsync(TestEndpoints.Options() with { MaxUdpMessageSize = 4096 });
        var diagnostics = new List<string>();
        endpoint.Diagnostic += line =>
        {
            lock (diagnostics)
            {
                diagnostics.Add(line);
            }
        };
        var big = _peer.Request("OPTIONS", "z9hG4bKbig", "big").ToList();
        big.Insert(1, "Subject: " + new string('x', 5000));

        await _peer.SendAsync(endpoint.LocalEndPoint, [.. big]);
        Assert.Null(await _peer.ReceiveAsync(TimeSpan.FromMilliseconds(300)));
        await _peer.SendAsync(endpoint.LocalEndPoint, _peer.Request("OPTIONS", "z9hG4bKsmall", "small"));
        var small = await _peer.ReceiveAsync<SipResponse>(_ => true);

        Assert.Equal("small", small.CallId);
        lock (diagnostics)
        {
            Assert.Contains(diagnostics, d => d.Contains("over the 4096-byte UDP limit", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task A_request_too_big_for_udp_is_sent_over_tcp()
    {
        await using var sender = await TestEndpoints.StartAsync();
        await using var receiver = await TestEndpoints.StartAsync();
        var arrived = new TaskCompletionSource<SipServerRequest>(TaskCreationOptions.RunContinuationsAsynchronously);
        receiver.OnRequest = async request =>
        {
            arrived.SetResult(request);
            await request.RespondAsync(200, "OK");
        };
        var small = new SipRequest("MESSAGE", receiver.ContactUri("agent")) { Body = "hi"u8.ToArray() };
        var large = new SipRequest("MESSAGE", receiver.ContactUri("agent")) { Body = Encoding.UTF8.GetBytes(new string('y', 1400)) };

        Assert.Equal(200, (await sender.SendRequestAsync(large, receiver.LocalEndPoint).WaitAsync(TestEndpoints.Timeout)).StatusCode);
        var received = await arrived.Task.WaitAsync(TestEndpoints.Timeout);
        arrived = new TaskCompletionSource<SipServerRequest>(TaskCreationOptions.RunContinuationsAsynchronously);
        await sender.SendRequestAsync(small, receiver.LocalEndPoint).WaitAsync(TestEndpoints.Timeout);
        var receivedSmall = await arrived.Task.WaitAsync(TestEndpoints.Timeout);

        Assert.Equal(SipTransportKind.Tcp, received.Transport);
        Assert.StartsWith("SIP/2.0/TCP", received.Request.TopVia);
        Assert.Equal(SipTransportKind.Udp, receivedSmall.Transport);
    }
}

using System.Text;

namespace ContactCentre.Sip.Tests;

[Trait("Category", "Integration")]
public sealed class ClientRetransmissionSpec : IAsyncLifetime
{
    private readonly RawUdpPeer _peer = new();
    private SipEndpoint _endpoint = null!;

    public async Task InitializeAsync() => _endpoint = await TestEndpoints.StartAsync();

    public async Task DisposeAsync()
    {
        _peer.Dispose();
        await _endpoint.DisposeAsync();
    }

    private SipResponse Answer(SipRequest invite)
    {
        var ok = SipResponses.Create(invite, 200, "OK", "rawtag");
        ok.Headers.Add("Contact", $"<sip:raw@127.0.0.1:{_peer.Port}>");
        ok.Headers.Add("Content-Type", "application/sdp");
        ok.Body = Encoding.UTF8.GetBytes(TestEndpoints.Offer(43000));
        return ok;
    }

    [Fact]
    public async Task Every_copy_of_a_200_is_acked_to_the_remote_target()
    {
        var call = _endpoint.InviteAsync(TestEndpoints.CallTo(_endpoint, TestEndpoints.Offer()) with { Destination = _peer.LocalEndPoint });
        var invite = await _peer.ReceiveAsync<SipRequest>(r => r.Method == "INVITE");
        var ok = Answer(invite).ToBytes();

        await _peer.SendAsync(_endpoint.LocalEndPoint, ok);
        var firstAck = await _peer.ReceiveAsync<SipRequest>(r => r.Method == "ACK");
        await _peer.SendAsync(_endpoint.LocalEndPoint, ok);
        var secondAck = await _peer.ReceiveAsync<SipRequest>(r => r.Method == "ACK");
        var result = await call.WaitAsync(TestEndpoints.Timeout);

        Assert.True(result.Answered);
        Assert.Equal($"sip:raw@127.0.0.1:{_peer.Port}", firstAck.RequestUri);
        Assert.Equal((1u, "ACK"), firstAck.CSeq);
        Assert.Equal("rawtag", firstAck.ToTag);
        Assert.Equal(firstAck.TopVia, secondAck.TopVia);
        Assert.NotEqual(invite.TopVia, firstAck.TopVia);
    }

    [Fact]
    public async Task A_failure_response_is_acked_inside_the_invite_transaction()
    {
        var call = _endpoint.InviteAsync(TestEndpoints.CallTo(_endpoint, TestEndpoints.Offer()) with { Destination = _peer.LocalEndPoint });
        var invite = await _peer.ReceiveAsync<SipRequest>(r => r.Method == "INVITE");

        await _peer.SendAsync(_endpoint.LocalEndPoint, SipResponses.Create(invite, 503, "Service Unavailable", "t503").ToBytes());
        var ack = await _peer.ReceiveAsync<SipRequest>(r => r.Method == "ACK");
        var result = await call.WaitAsync(TestEndpoints.Timeout);

        Assert.Equal(503, result.FinalResponse.StatusCode);
        Assert.Equal(invite.TopVia, ack.TopVia);
        Assert.Equal(invite.RequestUri, ack.RequestUri);
        Assert.Equal("t503", ack.ToTag);
        await TestEndpoints.NothingLeftBehindAsync(_endpoint);
    }

    [Fact]
    public async Task An_unanswered_options_is_retransmitted_then_times_out_with_408()
    {
        var probe = _endpoint.SendRequestAsync(new SipRequest("OPTIONS", "sip:nobody@127.0.0.1"), _peer.LocalEndPoint);

        var first = await _peer.ReceiveAsync<SipRequest>(r => r.Method == "OPTIONS");
        var second = await _peer.ReceiveAsync<SipRequest>(r => r.Method == "OPTIONS");
        var response = await probe.WaitAsync(TestEndpoints.Timeout);

        Assert.Equal(first.TopVia, second.TopVia);
        Assert.Equal(408, response.StatusCode);
        await TestEndpoints.NothingLeftBehindAsync(_endpoint);
    }
}

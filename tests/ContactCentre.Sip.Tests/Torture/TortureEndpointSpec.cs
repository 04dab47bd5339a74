namespace ContactCentre.Sip.Tests;

/// <summary>
/// RFC 4475 requests sent as raw datagrams to a real endpoint on 127.0.0.1: each is answered as its section asks
/// and the endpoint keeps serving. The top Via is the only line changed, so the answer comes back to this socket
/// (the RFC's Vias name hosts in 192.0.2.0/24 that the answer would otherwise be sent to).
/// </summary>
[Trait("Category", "Conformance")]
public sealed class TortureEndpointSpec : IAsyncLifetime
{
    private readonly RawUdpPeer _peer = new();
    private SipEndpoint _endpoint = null!;

    public static TheoryData<string> Refused => TortureCatalogue.Names(c => c.Status is not null);

    public async Task InitializeAsync() => _endpoint = await TestEndpoints.StartAsync(tcp: false);

    public async Task DisposeAsync()
    {
        _peer.Dispose();
        await _endpoint.DisposeAsync();
    }

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task An_invalid_request_is_answered_with_its_status_and_the_endpoint_still_answers_options(string name)
    {
        var expected = TortureCatalogue.Named(name);

        await _peer.SendAsync(_endpoint.LocalEndPoint, WithOurVia(expected.Bytes));
        var response = await _peer.ReceiveAsync<SipResponse>(r => r.StatusCode >= 200);

        Assert.Equal(expected.Status, response.StatusCode);
        Assert.Contains(expected.Reason!, response.Reason, StringComparison.Ordinal);
        await StillAnswersOptionsAsync();
    }

    [Theory]
    [InlineData("badbranch", 200)]
    [InlineData("lwsdisp", 200)]
    [InlineData("semiuri", 200)]
    [InlineData("transports", 200)]
    [InlineData("intmeth", 501)]
    [InlineData("esc02", 501)]
    [InlineData("escnull", 405)]
    [InlineData("cparam01", 405)]
    [InlineData("regescrt", 405)]
    [InlineData("dblreq", 405)]
    [InlineData("mpart01", 405)]
    [InlineData("wsinv", 481)] // it carries a To tag, so it is a mid-dialog request for a dialog that does not exist
    [InlineData("longreq", 480)]
    [InlineData("inv2543", 480)]
    public async Task A_valid_request_is_served_like_any_other(string name, int status)
    {
        await _peer.SendAsync(_endpoint.LocalEndPoint, WithOurVia(TortureCatalogue.Named(name).Bytes));

        var response = await _peer.ReceiveAsync<SipResponse>(r => r.StatusCode >= 200);

        Assert.Equal(status, response.StatusCode);
        await StillAnswersOptionsAsync();
    }

    [Fact]
    public async Task An_unparsable_response_is_dropped_silently()
    {
        await _peer.SendAsync(_endpoint.LocalEndPoint, TortureCatalogue.Named("bigcode").Bytes);

        Assert.Null(await _peer.ReceiveAsync(TimeSpan.FromMilliseconds(200)));
        await StillAnswersOptionsAsync();
    }

    private async Task StillAnswersOptionsAsync()
    {
        await _peer.SendAsync(_endpoint.LocalEndPoint, _peer.Request("OPTIONS", "z9hG4bKtorture-alive", "torture-alive"));
        var response = await _peer.ReceiveAsync<SipResponse>(r => r.CallId == "torture-alive");
        Assert.Equal(200, response.StatusCode);
    }

    private byte[] WithOurVia(byte[] message) => TortureDatagram.WithVia(message, _peer.LocalEndPoint);
}

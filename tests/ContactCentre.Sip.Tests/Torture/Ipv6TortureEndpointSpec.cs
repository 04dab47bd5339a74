using System.Net;

namespace ContactCentre.Sip.Tests;

/// <summary>
/// RFC 5118 requests sent as raw datagrams to a real endpoint, on 127.0.0.1 and on ::1: each is answered as any
/// request of its method would be, ipv6-bad with 400, and the endpoint keeps serving. Only the top Via's sent-by is
/// changed (to this socket), so the answer comes back here instead of to 2001:db8::/32.
/// </summary>
[Trait("Category", "Conformance")]
public sealed class Ipv6TortureEndpointSpec : IAsyncLifetime
{
    private readonly RawUdpPeer _peer = new();
    private SipEndpoint _endpoint = null!;

    public async Task InitializeAsync() => _endpoint = await TestEndpoints.StartAsync(tcp: false);

    public async Task DisposeAsync()
    {
        _peer.Dispose();
        await _endpoint.DisposeAsync();
    }

    [Theory]
    [InlineData("ipv6-good", 405)] // REGISTER at a user agent, not a registrar
    [InlineData("port-ambiguous", 405)]
    [InlineData("port-unambiguous", 405)]
    [InlineData("via-received-param-with-delim", 481)] // a BYE for a dialog that does not exist
    [InlineData("via-received-param-no-delim", 200)] // OPTIONS
    [InlineData("ipv6-in-sdp", 480)] // an INVITE nobody takes
    [InlineData("mult-ip-in-header", 481)]
    [InlineData("mult-ip-in-sdp", 480)]
    [InlineData("ipv4-mapped-ipv6", 480)]
    [InlineData("ipv6-correct-abnf-2-colons", 200)]
    [InlineData("ipv6-bug-abnf-3-colons", 200)]
    public async Task A_valid_request_is_served_like_any_other(string name, int status)
    {
        await _peer.SendAsync(_endpoint.LocalEndPoint, TortureDatagram.WithVia(Ipv6TortureCatalogue.Named(name).Bytes, _peer.LocalEndPoint));

        var response = await _peer.ReceiveAsync<SipResponse>(r => r.StatusCode >= 200);

        Assert.Equal(status, response.StatusCode);
        await StillAnswersOptionsAsync();
    }

    [Fact]
    public async Task An_ipv6_address_without_brackets_in_the_request_uri_is_answered_400_naming_it()
    {
        var expected = Ipv6TortureCatalogue.Named("ipv6-bad");

        await _peer.SendAsync(_endpoint.LocalEndPoint, TortureDatagram.WithVia(expected.Bytes, _peer.LocalEndPoint));
        var response = await _peer.ReceiveAsync<SipResponse>(r => r.StatusCode >= 200);

        Assert.Equal(400, response.StatusCode);
        Assert.Contains(expected.Reason!, response.Reason, StringComparison.Ordinal);
        await StillAnswersOptionsAsync();
    }

    /// <summary>
    /// §4.5 over IPv6: the request's Via already carries a received (with or without [ ]) naming another address;
    /// the answer still comes back to the real source, and the Via it echoes says where that was (RFC 3261 §18.2.1).
    /// </summary>
    [Theory]
    [InlineData("via-received-param-with-delim", 481)]
    [InlineData("via-received-param-no-delim", 200)]
    public async Task Over_ipv6_the_answer_goes_to_the_source_not_to_the_received_the_request_carried(string name, int status)
    {
        await using var endpoint = await SipEndpoint.StartAsync(
            TestEndpoints.Options(tcp: false) with { Address = IPAddress.IPv6Loopback });
        using var peer = new RawUdpPeer(IPAddress.IPv6Loopback);
        // No rport here: the sent-by names the real source, so only a stale received could misdirect the answer.
        var datagram = System.Text.Encoding.UTF8.GetBytes(System.Text.Encoding.UTF8.GetString(
                TortureDatagram.WithVia(Ipv6TortureCatalogue.Named(name).Bytes, peer.LocalEndPoint))
            .Replace(";rport;", ";", StringComparison.Ordinal));

        await peer.SendAsync(endpoint.LocalEndPoint, datagram);
        var response = await peer.ReceiveAsync<SipResponse>(r => r.StatusCode >= 200);

        Assert.Equal(status, response.StatusCode);
        Assert.True(ViaHeader.TryParse(response.TopVia!, out var via));
        Assert.Equal($"[::1]:{peer.Port}", via!.SentBy);
        Assert.Equal(IPAddress.IPv6Loopback, via.ResponseTarget(new IPEndPoint(IPAddress.Parse("2001:db8::1"), 1)).Address);
    }

    private async Task StillAnswersOptionsAsync()
    {
        await _peer.SendAsync(_endpoint.LocalEndPoint, _peer.Request("OPTIONS", "z9hG4bKtorture6-alive", "torture6-alive"));
        var response = await _peer.ReceiveAsync<SipResponse>(r => r.CallId == "torture6-alive");
        Assert.Equal(200, response.StatusCode);
    }
}

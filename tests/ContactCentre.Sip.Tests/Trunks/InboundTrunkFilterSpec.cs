using System.Net;

namespace ContactCentre.Sip.Tests.Trunks;

[Trait("Category", "Unit")]
public sealed class InboundTrunkFilterSpec
{
    private static readonly SipTrunk CarrierA = new("carrier-a",
        [AddressRange.Parse("198.51.100.0/24"), AddressRange.Parse("203.0.113.7")], new IPEndPoint(IPAddress.Parse("203.0.113.7"), 5060));

    private static readonly SipTrunk CarrierB = new("carrier-b", [AddressRange.Parse("2001:db8::/32")], null);

    [Theory]
    [InlineData("198.51.100.42", "carrier-a")]
    [InlineData("203.0.113.7", "carrier-a")]
    [InlineData("::ffff:198.51.100.9", "carrier-a")]
    [InlineData("2001:db8::5", "carrier-b")]
    [InlineData("203.0.113.8", null)]
    [InlineData("192.0.2.1", null)]
    public void A_source_is_matched_to_the_trunk_whose_ranges_contain_it(string source, string? trunk)
    {
        var filter = new InboundTrunkFilter([CarrierA, CarrierB]);

        Assert.Equal(trunk, filter.Match(IPAddress.Parse(source))?.Name);
        Assert.Equal(trunk is not null, filter.Admits(IPAddress.Parse(source)));
    }

    [Fact]
    public void Without_trunks_every_source_is_admitted() =>
        Assert.True(new InboundTrunkFilter([]).Admits(IPAddress.Parse("192.0.2.1")));

    [Theory]
    [InlineData("10.0.0.0/33")]
    [InlineData("not-an-address")]
    public void A_malformed_range_is_refused_at_configuration_time(string text) =>
        Assert.ThrowsAny<FormatException>(() => AddressRange.Parse(text));
}

[Trait("Category", "Integration")]
public sealed class InboundTrunkFilterCallSpec : IAsyncLifetime
{
    private SipEndpoint _caller = null!;
    private SipEndpoint _callee = null!;

    public async Task InitializeAsync()
    {
        _caller = await TestEndpoints.StartAsync();
        _callee = await TestEndpoints.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _caller.DisposeAsync();
        await _callee.DisposeAsync();
    }

    [Fact]
    public async Task An_invite_from_outside_every_trunk_gets_403_and_never_reaches_the_call_core()
    {
        var reached = false;
        var filter = new InboundTrunkFilter([new SipTrunk("carrier-a", [AddressRange.Parse("198.51.100.0/24")], null)]);
        _callee.OnInvite = filter.Protect(call =>
        {
            reached = true;
            return call.RejectAsync(486, "Busy Here");
        });

        var result = await _caller.InviteAsync(TestEndpoints.CallTo(_callee, TestEndpoints.Offer())).WaitAsync(TestEndpoints.Timeout);

        Assert.Equal(403, result.FinalResponse.StatusCode);
        Assert.Equal(InboundTrunkFilter.ForbiddenReason, result.FinalResponse.Reason);
        Assert.False(reached);
    }

    [Fact]
    public async Task An_invite_from_a_trunk_reaches_the_call_core()
    {
        var filter = new InboundTrunkFilter([new SipTrunk("loopback", [AddressRange.Parse("127.0.0.0/8")], null)]);
        _callee.OnInvite = filter.Protect(call => call.RejectAsync(486, "Busy Here"));

        var result = await _caller.InviteAsync(TestEndpoints.CallTo(_callee, TestEndpoints.Offer())).WaitAsync(TestEndpoints.Timeout);

        Assert.Equal(486, result.FinalResponse.StatusCode);
    }
}

using System.Net;

namespace ContactCentre.Sip.Tests;

/// <summary>IPv6 in Via: received with or without brackets, stamped from the real source (RFC 3261 §18.2.1, RFC 5118 §4.5).</summary>
[Trait("Category", "Unit")]
public sealed class Ipv6ViaSpec
{
    [Fact]
    public void A_received_the_request_already_carries_is_replaced_by_the_real_source()
    {
        Assert.True(ViaHeader.TryParse("SIP/2.0/UDP [2001:db8::9:1]:5070;received=[2001:db8::9:255];branch=z9hG4bK1", out var via));
        var source = new IPEndPoint(IPAddress.Parse("2001:db8::9:1"), 5070);

        var stamped = via!.StampSource(source);

        Assert.Equal("2001:db8::9:1", stamped.Parameters["received"]);
        Assert.Equal(source, stamped.ResponseTarget(source));
    }

    [Fact]
    public void A_sent_by_written_differently_from_the_source_is_still_the_source()
    {
        Assert.True(ViaHeader.TryParse("SIP/2.0/UDP [2001:DB8:0::9:1]:5070;branch=z9hG4bK1", out var via));

        var stamped = via!.StampSource(new IPEndPoint(IPAddress.Parse("2001:db8::9:1"), 5070));

        Assert.False(stamped.Parameters.ContainsKey("received"));
    }

    [Theory]
    [InlineData("[2001:db8::9:255]")]
    [InlineData("2001:db8::9:255")]
    public void Received_is_read_with_or_without_brackets(string received)
    {
        Assert.True(ViaHeader.TryParse($"SIP/2.0/UDP [2001:db8::9:1];received={received};branch=z9hG4bK1", out var via));

        Assert.Equal(new IPEndPoint(IPAddress.Parse("2001:db8::9:255"), 5060),
            via!.ResponseTarget(new IPEndPoint(IPAddress.Loopback, 1)));
    }
}

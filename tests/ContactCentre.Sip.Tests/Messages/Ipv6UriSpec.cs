using System.Net;

namespace ContactCentre.Sip.Tests;

/// <summary>IPv6 references in SIP URIs (RFC 3261 §19.1.1, §25.1; RFC 5118 §4.3, §4.10).</summary>
[Trait("Category", "Unit")]
public sealed class Ipv6UriSpec
{
    [Theory]
    [InlineData("sip:agent@[example.com]")]
    [InlineData("sip:agent@[192.0.2.1]")]
    [InlineData("sip:agent@[2001:db8::zz]:5060")]
    [InlineData("sip:agent@[]")]
    public void Brackets_hold_an_ipv6_address_and_nothing_else(string text) => Assert.False(SipUri.TryParse(text, out _));

    [Theory]
    [InlineData("sip:agent@[2001:db8:::192.0.2.1]:5070", "2001:db8::c000:201", 5070)]
    [InlineData("sip:agent@[2001:db8::192.0.2.1]", "2001:db8::c000:201", 5060)]
    [InlineData("sip:agent@[::ffff:192.0.2.2]", "::ffff:192.0.2.2", 5060)]
    public void Three_colons_before_an_embedded_ipv4_address_are_tolerated(string text, string address, int port) =>
        Assert.Equal(new IPEndPoint(IPAddress.Parse(address), port), SipUri.Parse(text).IpEndPoint);

    [Theory]
    [InlineData("sip:agent@[2001:db8:::1]")] // three colons only before an IPv4 tail
    [InlineData("sip:agent@[2001:db8:::192.0.2.1:::192.0.2.1]")]
    public void Three_colons_anywhere_else_are_refused(string text) => Assert.False(SipUri.TryParse(text, out _));
}

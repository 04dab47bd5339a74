namespace ContactCentre.Sip.Tests;

/// <summary>An IPv6 Request-URI host without brackets is refused by name (RFC 5118 §4.2).</summary>
[Trait("Category", "Unit")]
public sealed class Ipv6RequestUriSpec
{
    [Fact]
    public void A_bare_ipv6_request_uri_is_refused_naming_the_missing_brackets()
    {
        var request = new SipRequest("OPTIONS", "sip:agent@2001:db8::10;transport=udp");
        foreach (var (name, value) in new[]
        {
            ("Via", "SIP/2.0/UDP 192.0.2.1;branch=z9hG4bK1"), ("Max-Forwards", "70"), ("From", "<sip:a@example.com>;tag=1"),
            ("To", "<sip:agent@example.com>"), ("Call-ID", "bare-ipv6"), ("CSeq", "1 OPTIONS"),
        })
        {
            request.Headers.Add(name, value);
        }

        var fault = RequestValidator.Check(request);

        Assert.Equal(400, fault!.Status);
        Assert.Equal("Malformed Request-URI: IPv6 address must be enclosed in [ ]", fault.Reason);
    }
}

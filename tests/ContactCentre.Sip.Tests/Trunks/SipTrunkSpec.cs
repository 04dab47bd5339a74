using System.Net;

namespace ContactCentre.Sip.Tests.Trunks;

[Trait("Category", "Unit")]
public sealed class SipTrunkSpec
{
    [Fact]
    public void A_call_through_a_trunk_goes_to_its_outbound_proxy_with_its_credentials()
    {
        var credentials = new SipCredentials("cc-trunk", "trunk-pass", "carrier.example");
        var trunk = new SipTrunk("carrier-a", [], new IPEndPoint(IPAddress.Parse("203.0.113.7"), 5080))
        {
            Credentials = credentials,
            Transport = SipTransportKind.Tcp,
        };

        var call = trunk.Call("+442079460000", "sip:contactcentre@cc.example.com", "v=0");

        Assert.Equal("sip:+442079460000@203.0.113.7:5080", call.RequestUri);
        Assert.Equal(call.RequestUri, call.ToUri);
        Assert.Equal(new IPEndPoint(IPAddress.Parse("203.0.113.7"), 5080), call.Destination);
        Assert.Equal(SipTransportKind.Tcp, call.Transport);
        Assert.Same(credentials, call.Credentials);
    }

    [Fact]
    public void An_inbound_only_trunk_cannot_carry_outgoing_calls() =>
        Assert.Throws<InvalidOperationException>(() =>
            new SipTrunk("inbound-only", [AddressRange.Parse("198.51.100.0/24")], null).Call("100", "sip:cc@cc.example.com", "v=0"));

    [Fact]
    public void Credentials_do_not_print_their_password() =>
        Assert.DoesNotContain("trunk-pass", new SipCredentials("cc-trunk", "trunk-pass").ToString(), StringComparison.Ordinal);
}

[Trait("Category", "Integration")]
public sealed class OutboundRegistrationSetupSpec
{
    [Fact]
    public async Task A_trunk_without_a_registration_cannot_start_one()
    {
        await using var endpoint = await TestEndpoints.StartAsync(tcp: false);

        var error = Assert.Throws<ArgumentException>(() =>
            new OutboundRegistration(endpoint, new SipTrunk("carrier-a", [], new IPEndPoint(IPAddress.Loopback, 5060))));
        Assert.Contains("carrier-a", error.Message, StringComparison.Ordinal);
    }
}

namespace ContactCentre.Sip.Tests;

[Trait("Category", "Unit")]
public sealed class AddressSpec
{
    [Fact]
    public void A_sip_uri_splits_into_user_host_port_and_parameters()
    {
        var uri = SipUri.Parse("sip:queue-sales@10.0.0.5:5080;transport=tcp;lr");

        Assert.Equal("sip", uri.Scheme);
        Assert.Equal("queue-sales", uri.User);
        Assert.Equal("10.0.0.5", uri.Host);
        Assert.Equal(5080, uri.Port);
        Assert.Equal("tcp", uri.Parameters["transport"]);
        Assert.True(uri.Parameters.ContainsKey("LR"));
        Assert.Equal("sip:queue-sales@10.0.0.5:5080;transport=tcp;lr", uri.ToString());
    }

    [Theory]
    [InlineData("http://example.com")]
    [InlineData("sip:")]
    [InlineData("sip:user@host:notaport")]
    [InlineData("sip:@host")]
    public void Non_sip_or_broken_uris_are_rejected(string text) => Assert.False(SipUri.TryParse(text, out _));

    [Fact]
    public void An_ipv6_host_keeps_its_brackets()
    {
        var uri = SipUri.Parse("sip:agent@[2001:db8::1]:5060");

        Assert.Equal("[2001:db8::1]", uri.Host);
        Assert.Equal(5060, uri.Port);
    }

    [Fact]
    public void Addr_spec_parameters_belong_to_the_header_not_the_uri()
    {
        var address = NameAddress.Parse("sip:alice@example.com;tag=abc");

        Assert.Equal("abc", address.Tag);
        Assert.Empty(address.Uri.Parameters);
        Assert.Null(address.DisplayName);
    }

    [Fact]
    public void Name_addr_keeps_uri_parameters_inside_brackets_and_adds_a_tag()
    {
        var address = NameAddress.Parse("Alice <sip:alice@example.com;transport=udp>");
        var tagged = address.WithTag("t1");

        Assert.Equal("Alice", address.DisplayName);
        Assert.Equal("udp", address.Uri.Parameters["transport"]);
        Assert.Null(address.Tag);
        Assert.Equal("\"Alice\" <sip:alice@example.com;transport=udp>;tag=t1", tagged.ToString());
        Assert.Equal("t1", NameAddress.Parse(tagged.ToString()).Tag);
    }

    [Fact]
    public void Display_names_with_quotes_survive_a_round_trip()
    {
        var address = new NameAddress("Say \"hi\"", SipUri.Parse("sip:a@b"), new Dictionary<string, string?>());

        Assert.Equal("Say \"hi\"", NameAddress.Parse(address.ToString()).DisplayName);
    }
}

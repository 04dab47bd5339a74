using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ContactCentre.Sip.Tests;

/// <summary>
/// RFC 5118 valid messages: every one parses, is served, survives a round trip, and its IPv6 references mean what
/// the section says they mean (host, port, received, SDP connection address).
/// </summary>
[Trait("Category", "Conformance")]
public sealed class Ipv6TortureParsingSpec
{
    public static TheoryData<string> Valid => Ipv6TortureCatalogue.Names(c => c.Status is null);

    public static TheoryData<string> Every => Ipv6TortureCatalogue.Names(_ => true);

    [Fact]
    public void Every_message_of_the_rfc_is_on_disk_and_in_the_catalogue()
    {
        var files = Directory.GetFiles(Ipv6TortureCase.Directory, "*.dat").Select(Path.GetFileNameWithoutExtension).Order();

        Assert.Equal(12, Ipv6TortureCatalogue.All.Count);
        Assert.Equal(Ipv6TortureCatalogue.All.Select(c => c.Name).Order(), files);
        Assert.Equal(["4.1", "4.2", "4.3", "4.4", "4.5", "4.6", "4.7", "4.8", "4.9", "4.10"],
            Ipv6TortureCatalogue.All.Select(c => c.Section).Distinct());
    }

    /// <summary>The data folder's README promises CRLF lines and a true Content-Length (RFC 3261 §7, §20.14).</summary>
    [Theory]
    [MemberData(nameof(Every))]
    public void A_message_on_disk_has_crlf_lines_and_its_real_content_length(string name)
    {
        var bytes = Ipv6TortureCatalogue.Named(name).Bytes;
        var text = Encoding.UTF8.GetString(bytes);
        var headEnd = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);

        Assert.True(headEnd > 0, "no empty line ends the header section");
        Assert.DoesNotContain("\n", text.Replace("\r\n", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Contains($"\r\nContent-Length: {bytes.Length - headEnd - 4}\r\n", text, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Valid))]
    public void A_valid_message_parses_and_is_served(string name)
    {
        var request = Parse(name);

        Assert.Null(RequestValidator.Check(request));
    }

    [Theory]
    [MemberData(nameof(Valid))]
    public void A_valid_message_round_trips_with_its_ipv6_references_as_sent(string name)
    {
        var first = Parse(name);

        Assert.True(SipParser.TryParse(first.ToBytes(), out var second, out var error), error);

        Assert.Equal(first.RequestUri, ((SipRequest)second!).RequestUri);
        Assert.Equal(first.Headers.GetAll("Via"), second.Headers.GetAll("Via"));
        Assert.Equal(first.Body, second.Body);
    }

    [Fact]
    public void Ipv6_references_in_request_uri_via_and_contact_are_addresses()
    {
        var request = Parse("ipv6-good");

        Assert.Equal(new IPEndPoint(IPAddress.Parse("2001:db8::10"), 5060), SipUri.Parse(request.RequestUri).IpEndPoint);
        var via = Via(request.TopVia!);
        Assert.Equal("[2001:db8::9:1]", via.Host);
        Assert.Null(via.Port);
        Assert.Equal(IPAddress.Parse("2001:db8::1"), NameAddress.Parse(request.Headers["Contact"]!).Uri.IpEndPoint!.Address);
    }

    /// <summary>§4.3: the colon and digits inside the brackets are the address's last group, not a port.</summary>
    [Fact]
    public void A_port_written_inside_the_brackets_is_part_of_the_address()
    {
        var uri = SipUri.Parse(Parse("port-ambiguous").RequestUri);

        Assert.Equal("[2001:db8::10:5070]", uri.Host);
        Assert.Null(uri.Port);
        Assert.Equal(new IPEndPoint(IPAddress.Parse("2001:db8::10:5070"), 5060), uri.IpEndPoint);
    }

    /// <summary>§4.4: after the closing bracket the port is unambiguous.</summary>
    [Fact]
    public void A_port_after_the_brackets_is_the_port()
    {
        var uri = SipUri.Parse(Parse("port-unambiguous").RequestUri);

        Assert.Equal("[2001:db8::10]", uri.Host);
        Assert.Equal(5070, uri.Port);
        Assert.Equal(new IPEndPoint(IPAddress.Parse("2001:db8::10"), 5070), uri.IpEndPoint);
    }

    /// <summary>§4.5: received is read with or without [ ], and responses go to that address either way.</summary>
    [Theory]
    [InlineData("via-received-param-with-delim", "[2001:db8::9:255]")]
    [InlineData("via-received-param-no-delim", "2001:db8::9:255")]
    public void Received_is_an_ipv6_address_with_or_without_brackets(string name, string received)
    {
        var via = Via(Parse(name).TopVia!);

        Assert.Equal(received, via.Parameters["received"]);
        var source = new IPEndPoint(IPAddress.Parse("2001:db8::9:255"), 5090);
        Assert.Equal(new IPEndPoint(IPAddress.Parse("2001:db8::9:255"), 5060), via.ResponseTarget(source));
    }

    /// <summary>§4.6: SDP writes IPv6 addresses without brackets, with address type IP6 (RFC 4566 §5.7).</summary>
    [Fact]
    public void Sdp_connection_and_origin_carry_a_bare_ipv6_address()
    {
        var sdp = Sdp("ipv6-in-sdp");

        Assert.Equal("2001:db8::20", sdp.ConnectionAddress);
        Assert.Equal(AddressFamily.InterNetworkV6, IPAddress.Parse(sdp.ConnectionAddress!).AddressFamily);
        Assert.EndsWith(" IN IP6 2001:db8::20", sdp.Origin, StringComparison.Ordinal);
        Assert.Equal([("audio", 6000), ("video", 6024)], sdp.Media.Select(m => (m.Media, m.Port)));
        Assert.Contains("c=IN IP6 2001:db8::20\r\n", sdp.ToString(), StringComparison.Ordinal);
    }

    /// <summary>§4.7: IPv6 and IPv4 Vias in one request, each with its own port, transport and received.</summary>
    [Fact]
    public void Vias_of_both_families_are_each_read_whole()
    {
        var vias = Parse("mult-ip-in-header").Headers.GetAll("Via").Select(Via).ToList();

        Assert.Equal([("UDP", "[2001:db8::9:1]", (int?)6050), ("UDP", "192.0.2.1", null), ("TCP", "[2001:db8::9:255]", null)],
            vias.Select(v => (v.Transport, v.Host, v.Port)));
        Assert.Equal(["z9hG4bKas3-111", "z9hG4bKjhja8781hjuaij65144", "z9hG4bK451jj"], vias.Select(v => v.Branch));
        Assert.Equal(new IPEndPoint(IPAddress.Parse("192.0.2.200"), 5060),
            vias[2].ResponseTarget(new IPEndPoint(IPAddress.Parse("192.0.2.200"), 4000)));
    }

    /// <summary>§4.8: one media stream on IPv4 and one on IPv6, no session-level c= (RFC 4566 §5.7).</summary>
    [Fact]
    public void Each_media_keeps_its_own_connection_address_of_either_family()
    {
        var sdp = Sdp("mult-ip-in-sdp");

        Assert.Null(sdp.SessionConnectionAddress);
        Assert.Equal([("audio", "192.0.2.1"), ("video", "2001:db8::1")], sdp.Media.Select(m => (m.Media, m.ConnectionAddress)));
        Assert.Equal("192.0.2.1", sdp.ConnectionAddress);
        var written = sdp.ToString();
        Assert.Contains("c=IN IP4 192.0.2.1\r\n", written, StringComparison.Ordinal);
        Assert.Contains("c=IN IP6 2001:db8::1\r\n", written, StringComparison.Ordinal);
    }

    /// <summary>§4.9: an IPv4-mapped IPv6 address is an IPv6 reference in SIP and IP6 in SDP.</summary>
    [Fact]
    public void Ipv4_mapped_addresses_are_read_in_via_contact_and_sdp()
    {
        var request = Parse("ipv4-mapped-ipv6");
        var vias = request.Headers.GetAll("Via").Select(Via).ToList();

        Assert.Equal([("[::ffff:192.0.2.10]", (int?)19823), ("[::ffff:192.0.2.2]", null)], vias.Select(v => (v.Host, v.Port)));
        var contact = NameAddress.Parse(request.Headers["Contact"]!).Uri.IpEndPoint!;
        Assert.True(contact.Address.IsIPv4MappedToIPv6);
        Assert.Equal(IPAddress.Parse("192.0.2.2"), contact.Address.MapToIPv4());
        var sdp = Sdp("ipv4-mapped-ipv6");
        Assert.True(IPAddress.Parse(sdp.ConnectionAddress!).IsIPv4MappedToIPv6);
    }

    /// <summary>
    /// §4.10: RFC 3261's ABNF lets "2001:db8:::192.0.2.1" through; it is tolerated and names the same address as
    /// the correct "2001:db8::192.0.2.1", while the text is kept as sent.
    /// </summary>
    [Fact]
    public void Three_colons_before_an_embedded_ipv4_address_name_the_same_address_as_two()
    {
        var correct = SipUri.Parse(Parse("ipv6-correct-abnf-2-colons").RequestUri);
        var tolerated = SipUri.Parse(Parse("ipv6-bug-abnf-3-colons").RequestUri);

        Assert.Equal("[2001:db8:::192.0.2.1]", tolerated.Host);
        Assert.Equal(new IPEndPoint(IPAddress.Parse("2001:db8::c000:201"), 5060), correct.IpEndPoint);
        Assert.Equal(correct.IpEndPoint, tolerated.IpEndPoint);
        Assert.Equal(correct.IpEndPoint, NameAddress.Parse(Parse("ipv6-bug-abnf-3-colons").To!).Uri.IpEndPoint);
    }

    private static SipRequest Parse(string name)
    {
        Assert.True(SipParser.TryParse(Ipv6TortureCatalogue.Named(name).Bytes, out var message, out var error), error);
        return (SipRequest)message!;
    }

    private static ViaHeader Via(string value)
    {
        Assert.True(ViaHeader.TryParse(value, out var via), value);
        return via!;
    }

    private static SdpMessage Sdp(string name)
    {
        var request = Parse(name);
        Assert.Equal("application/sdp", request.ContentType);
        Assert.True(SdpMessage.TryParse(request.BodyText, out var sdp, out var error), error);
        return sdp!;
    }
}

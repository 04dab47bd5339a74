using System.Globalization;
using System.Text;

namespace ContactCentre.Sip.Tests;

/// <summary>Bounds on what one message may cost, and request-line faults that are still answerable.</summary>
[Trait("Category", "Unit")]
public sealed class ParserLimitsSpec
{
    [Fact]
    public void A_message_over_64_kib_is_refused_naming_the_limit()
    {
        var text = "MESSAGE sip:a@example.com SIP/2.0\r\nCall-ID: big\r\nContent-Length: 70000\r\n\r\n" + new string('x', 70_000);

        Assert.False(SipParser.TryParse(Encoding.ASCII.GetBytes(text), out var message, out var error));
        Assert.Null(message);
        Assert.Equal($"Message too large: {text.Length} bytes, limit 65536", error);
    }

    [Fact]
    public void A_message_at_the_limit_is_read()
    {
        var head = "MESSAGE sip:a@example.com SIP/2.0\r\nCall-ID: big\r\nContent-Length: ";
        var bodyLength = SipParser.MaxMessageSize - head.Length - 5 - 4;
        var text = head + bodyLength.ToString(CultureInfo.InvariantCulture) + "\r\n\r\n" + new string('x', bodyLength);

        Assert.Equal(SipParser.MaxMessageSize, text.Length);
        Assert.True(SipParser.TryParse(Encoding.ASCII.GetBytes(text), out var message, out var error), error);
        Assert.Equal(bodyLength, message!.Body.Length);
    }

    [Fact]
    public void More_than_256_header_fields_are_refused_naming_the_limit()
    {
        var text = "OPTIONS sip:a@example.com SIP/2.0\r\n" + string.Concat(Enumerable.Range(0, 257).Select(i => $"X-H{i}: v\r\n")) + "\r\n";

        Assert.False(SipParser.TryParse(Encoding.ASCII.GetBytes(text), out _, out var error));
        Assert.Equal("Too many header fields: limit 256", error);
    }

    [Fact]
    public void A_comma_list_counts_each_value_against_the_header_limit()
    {
        var vias = string.Join(",", Enumerable.Range(0, 300).Select(i => $"SIP/2.0/UDP h{i}.example.com"));

        Assert.False(SipParser.TryParse(Encoding.ASCII.GetBytes($"OPTIONS sip:a@example.com SIP/2.0\r\nVia: {vias}\r\n\r\n"), out _, out var error));
        Assert.Contains("Too many header fields", error);
    }

    [Theory]
    [InlineData("OPTIONS sip:a@example.com SIP/2.0 ", "whitespace after the SIP version")]
    [InlineData("OPTIONS  sip:a@example.com SIP/2.0", "separated by a single space")]
    [InlineData("OPTIONS sip:a@example.com; lr SIP/2.0", "whitespace inside the Request-URI")]
    [InlineData("OPTIONS sip:a@example.com SIP/2.1", "Unsupported SIP version 'SIP/2.1'")]
    public void A_faulty_request_line_is_still_read_so_the_sender_can_be_answered(string line, string fault)
    {
        var request = SipParser.Parse(Encoding.ASCII.GetBytes(line + "\r\nCall-ID: x\r\n\r\n"), out var error) as SipRequest;

        Assert.NotNull(request);
        Assert.Equal("OPTIONS", request.Method);
        Assert.Contains(fault, error);
        Assert.False(SipParser.TryParse(Encoding.ASCII.GetBytes(line + "\r\nCall-ID: x\r\n\r\n"), out _, out _));
    }

    [Fact]
    public void Ipv6_references_keep_their_brackets_in_uri_and_via()
    {
        var text = "OPTIONS sip:[2001:db8::10]:5070;transport=udp SIP/2.0\r\n" +
            "Via: SIP/2.0/UDP [2001:db8::9:1];branch=z9hG4bKas3-111\r\nCall-ID: v6\r\n\r\n";

        Assert.True(SipParser.TryParse(Encoding.ASCII.GetBytes(text), out var message, out var error), error);
        var uri = SipUri.Parse(((SipRequest)message!).RequestUri);
        Assert.Equal("[2001:db8::10]", uri.Host);
        Assert.Equal(5070, uri.Port);
        Assert.True(ViaHeader.TryParse(message.TopVia!, out var via));
        Assert.Equal("[2001:db8::9:1]", via!.Host);
    }
}

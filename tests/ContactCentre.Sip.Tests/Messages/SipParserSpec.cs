using System.Text;

namespace ContactCentre.Sip.Tests;

[Trait("Category", "Unit")]
public sealed class SipParserSpec
{
    private const string Sdp = "v=0\r\no=- 1 1 IN IP4 192.0.2.10\r\ns=-\r\nc=IN IP4 192.0.2.10\r\nt=0 0\r\nm=audio 49170 RTP/AVP 0\r\n";

    private static string[] Invite(params string[] extra) =>
    [
        "INVITE sip:queue-sales@cc.example.com SIP/2.0",
        "Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK776asdhds;rport",
        "Max-Forwards: 70",
        "To: <sip:queue-sales@cc.example.com>",
        "From: \"Alice\" <sip:alice@example.com>;tag=1928301774",
        "Call-ID: a84b4c76e66710@pc33.example.com",
        "CSeq: 314159 INVITE",
        "Contact: <sip:alice@192.0.2.10>",
        .. extra,
        "Content-Type: application/sdp",
        $"Content-Length: {Sdp.Length}",
        "",
        Sdp,
    ];

    [Fact]
    public void An_invite_with_sdp_exposes_its_headers_and_exact_body()
    {
        var request = Assert.IsType<SipRequest>(SipText.Parse(Invite()));

        Assert.Equal("INVITE", request.Method);
        Assert.Equal("sip:queue-sales@cc.example.com", request.RequestUri);
        Assert.Equal("a84b4c76e66710@pc33.example.com", request.CallId);
        Assert.Equal((314159u, "INVITE"), request.CSeq);
        Assert.Equal("1928301774", request.FromTag);
        Assert.Null(request.ToTag);
        Assert.StartsWith("SIP/2.0/UDP 192.0.2.10:5060", request.TopVia);
        Assert.Equal("application/sdp", request.ContentType);
        Assert.Equal(Sdp, request.BodyText);
    }

    [Fact]
    public void Compact_header_names_are_expanded_to_full_names()
    {
        var request = SipText.Parse(
            "OPTIONS sip:cc.example.com SIP/2.0",
            "v: SIP/2.0/UDP 192.0.2.10;branch=z9hG4bKabc",
            "f: <sip:probe@example.com>;tag=1",
            "t: <sip:cc.example.com>",
            "i: compact-1",
            "m: <sip:probe@192.0.2.10>",
            "CSeq: 1 OPTIONS",
            "l: 0",
            "",
            "");

        Assert.Equal("compact-1", request.CallId);
        Assert.Equal("compact-1", request.Headers["Call-ID"]);
        Assert.Equal("<sip:probe@192.0.2.10>", request.Headers["Contact"]);
        Assert.Contains(request.Headers, h => h.Key == "Via");
        Assert.DoesNotContain(request.Headers, h => h.Key == "v");
    }

    [Fact]
    public void Folded_header_lines_are_joined_into_one_value()
    {
        var request = SipText.Parse(Invite("Subject: I know you're there,", "   pick up the phone", "\tand talk to me!"));

        Assert.Equal("I know you're there, pick up the phone and talk to me!", request.Headers["Subject"]);
    }

    [Fact]
    public void Via_values_in_one_line_and_repeated_lines_keep_their_order()
    {
        var response = Assert.IsType<SipResponse>(SipText.Parse(
            "SIP/2.0 200 OK",
            "Via: SIP/2.0/UDP proxy.example.com;branch=z9hG4bK1, SIP/2.0/UDP 10.0.0.2:5070;branch=z9hG4bK2",
            "Via: SIP/2.0/TCP 10.0.0.3;branch=z9hG4bK3",
            "From: <sip:a@example.com>;tag=1",
            "To: <sip:b@example.com>;tag=2",
            "Call-ID: multi-via",
            "CSeq: 2 BYE",
            "Content-Length: 0",
            "",
            ""));

        Assert.Equal(200, response.StatusCode);
        Assert.Equal("OK", response.Reason);
        Assert.Equal(
            ["SIP/2.0/UDP proxy.example.com;branch=z9hG4bK1", "SIP/2.0/UDP 10.0.0.2:5070;branch=z9hG4bK2", "SIP/2.0/TCP 10.0.0.3;branch=z9hG4bK3"],
            response.Headers.GetAll("via"));
        Assert.Equal("SIP/2.0/UDP proxy.example.com;branch=z9hG4bK1", response.TopVia);
    }

    [Fact]
    public void Quoted_display_names_with_escapes_are_unescaped()
    {
        var request = SipText.Parse(Invite().Select(l => l.StartsWith("From:", StringComparison.Ordinal)
            ? "From: \"Bob \\\"The Builder\\\" \\\\ Sons\" <sip:bob@example.com>;tag=99"
            : l).ToArray());

        var from = NameAddress.Parse(request.From!);
        Assert.Equal("Bob \"The Builder\" \\ Sons", from.DisplayName);
        Assert.Equal("99", from.Tag);
        Assert.Equal("bob", from.Uri.User);
    }

    [Fact]
    public void Body_is_cut_at_content_length_and_multibyte_text_kept_exact()
    {
        var body = "Grüße, 你好";
        var bytes = Encoding.UTF8.GetBytes(body);
        var wire = SipText.Bytes(
            "MESSAGE sip:agent@cc.example.com SIP/2.0",
            "Via: SIP/2.0/UDP 192.0.2.10;branch=z9hG4bKm",
            "Max-Forwards: 70",
            "From: <sip:a@example.com>;tag=1",
            "To: <sip:agent@cc.example.com>",
            "Call-ID: msg-1",
            "CSeq: 1 MESSAGE",
            "Content-Type: text/plain;charset=UTF-8",
            $"Content-Length: {bytes.Length}",
            "",
            body + "TRAILING-GARBAGE");

        Assert.True(SipParser.TryParse(wire, out var message, out var error), error);
        Assert.Equal(bytes, message!.Body);
        Assert.Equal(body, message.BodyText);
        Assert.Equal("text/plain;charset=UTF-8", message.ContentType);
    }

    [Theory]
    [InlineData("INVITE sip:a@b SIP/3.0", "Unsupported SIP version")]
    [InlineData("INVITE  SIP/2.0", "Malformed request line")]
    [InlineData("SIP/2.0 20 OK", "Bad status code")]
    public void A_bad_start_line_is_rejected_naming_the_fault(string startLine, string expected)
    {
        var ok = SipParser.TryParse(SipText.Bytes(startLine, "Call-ID: x", "", ""), out var message, out var error);

        Assert.False(ok);
        Assert.Null(message);
        Assert.Contains(expected, error);
    }

    [Fact]
    public void A_header_line_without_colon_is_rejected_naming_the_line()
    {
        var ok = SipParser.TryParse(SipText.Bytes(Invite("this line has no colon")), out _, out var error);

        Assert.False(ok);
        Assert.Contains("Malformed header line 9", error);
    }

    [Fact]
    public void A_body_shorter_than_content_length_is_a_mismatch()
    {
        var lines = Invite();
        lines[^1] = Sdp[..10];

        Assert.False(SipParser.TryParse(SipText.Bytes(lines), out _, out var error));
        Assert.Contains("Content-Length mismatch", error);
    }

    [Fact]
    public void A_message_without_the_empty_line_is_rejected()
    {
        Assert.False(SipParser.TryParse("OPTIONS sip:a@b SIP/2.0\r\nCall-ID: x"u8, out _, out var error));
        Assert.Contains("empty line", error);
    }

    [Fact]
    public void Parse_serialize_parse_round_trips()
    {
        var first = SipText.Parse(Invite("Subject: round", " trip"));

        Assert.True(SipParser.TryParse(first.ToBytes(), out var second, out var error), error);

        Assert.Equal(first.Headers.ToList(), second!.Headers.ToList());
        Assert.Equal(first.Body, second.Body);
        Assert.Equal(((SipRequest)first).RequestUri, ((SipRequest)second).RequestUri);
        Assert.Equal(first.ToBytes(), second.ToBytes());
    }

    [Fact]
    public void Serializing_sets_content_length_from_the_body()
    {
        var request = new SipRequest("INFO", "sip:agent@cc.example.com");
        request.Headers.Add("Content-Length", "999");
        request.Body = Encoding.UTF8.GetBytes("Signal=5\r\n");

        var text = Encoding.UTF8.GetString(request.ToBytes());

        Assert.Contains("Content-Length: 10\r\n\r\nSignal=5\r\n", text);
        Assert.DoesNotContain("999", text);
    }

    [Fact]
    public void Headers_nobody_reads_are_forwarded_as_they_arrived()
    {
        var request = SipText.Parse(Invite("x-CARRIER-trace:   leg=1;  hop=\"a,b\"", "P-Charging-Vector: icid-value=1234bc9876e"));

        var text = Encoding.UTF8.GetString(request.ToBytes());

        Assert.Contains("\r\nx-CARRIER-trace: leg=1;  hop=\"a,b\"\r\n", text);
        Assert.Contains("\r\nP-Charging-Vector: icid-value=1234bc9876e\r\n", text);
        Assert.Equal("leg=1;  hop=\"a,b\"", request.Headers["X-Carrier-Trace"]);
    }

    [Fact]
    public void A_header_changed_after_parsing_is_written_with_its_new_value()
    {
        var request = SipText.Parse(Invite("Subject: old", " folded"));

        request.Headers.Set("subject", "new");
        request.Headers.ReplaceFirst("Via", "SIP/2.0/UDP 198.51.100.1;branch=z9hG4bKnew");
        request.Headers.Remove("Max-Forwards");
        request.Headers.Prepend("Via", "SIP/2.0/UDP 198.51.100.2;branch=z9hG4bKtop");
        var text = Encoding.UTF8.GetString(request.ToBytes());

        Assert.Contains("\r\nSubject: new\r\n", text);
        Assert.DoesNotContain("old", text);
        Assert.DoesNotContain("Max-Forwards", text);
        Assert.Equal(["SIP/2.0/UDP 198.51.100.2;branch=z9hG4bKtop", "SIP/2.0/UDP 198.51.100.1;branch=z9hG4bKnew"], request.Headers.GetAll("Via"));
        Assert.Equal(1, request.Headers.CountOf("subject"));
    }

    [Fact]
    public void A_folded_list_header_splits_into_values_without_the_fold()
    {
        var request = SipText.Parse(Invite("Route: <sip:p1.example.com;lr>,", "  <sip:p2.example.com;lr>, \"x, y\" <sip:p3.example.com>"));

        Assert.Equal(["<sip:p1.example.com;lr>", "<sip:p2.example.com;lr>", "\"x, y\" <sip:p3.example.com>"], request.Headers.GetAll("Route"));
        Assert.Equal(3, request.Headers.CountOf("route"));
    }
}

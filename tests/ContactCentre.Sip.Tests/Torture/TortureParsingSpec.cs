using System.Text;
using ContactCentre.Sip.Fuzz;

namespace ContactCentre.Sip.Tests;

/// <summary>RFC 4475 §3.1.1, §3.2-3.4 valid messages: every one parses, is served, and survives a round trip.</summary>
[Trait("Category", "Conformance")]
public sealed class TortureParsingSpec
{
    public static TheoryData<string> Valid => TortureCatalogue.Names(c => c.Status is null && !c.Dropped);

    public static TheoryData<string> ValidRequests => TortureCatalogue.Names(c => c.Status is null && !c.Dropped && !c.IsResponse);

    [Fact]
    public void Every_message_of_the_rfc_is_on_disk_and_in_the_catalogue()
    {
        var files = Directory.GetFiles(TortureCorpus.FindDirectory(), "*.dat").Select(Path.GetFileNameWithoutExtension).Order();

        Assert.Equal(49, TortureCatalogue.All.Count);
        Assert.Equal(TortureCatalogue.All.Select(c => c.Name).Order(), files);
    }

    [Theory]
    [MemberData(nameof(Valid))]
    public void A_valid_message_parses(string name)
    {
        Assert.True(SipParser.TryParse(TortureCatalogue.Named(name).Bytes, out var message, out var error), error);
        Assert.NotNull(message!.CallId);
        Assert.NotNull(message.CSeq);
    }

    [Theory]
    [MemberData(nameof(ValidRequests))]
    public void A_valid_request_is_served(string name)
    {
        SipParser.TryParse(TortureCatalogue.Named(name).Bytes, out var message, out _);

        Assert.Null(RequestValidator.Check((SipRequest)message!));
    }

    [Theory]
    [MemberData(nameof(Valid))]
    public void A_valid_message_round_trips_with_its_headers_in_order_and_its_body_byte_exact(string name)
    {
        SipParser.TryParse(TortureCatalogue.Named(name).Bytes, out var first, out _);

        Assert.True(SipParser.TryParse(first!.ToBytes(), out var second, out var error), error);

        Assert.Equal(StartLine(first), StartLine(second!));
        Assert.Equal(WithoutLength(first), WithoutLength(second!));
        Assert.Equal(first.Body, second!.Body);
    }

    [Fact]
    public void Short_tortuous_invite_unfolds_lines_and_reads_compact_forms_and_lws_everywhere()
    {
        var request = Parse("wsinv");

        Assert.Equal("sip:vivekg@chair-dnrc.example.com;unknownparam", request.RequestUri);
        Assert.Equal("1918181833n", request.ToTag);
        Assert.Equal("98asjd8", request.FromTag);
        Assert.Equal("J Rosenberg \\\"", NameAddress.Parse(request.From!).DisplayName);
        Assert.Equal((9u, "INVITE"), request.CSeq);
        Assert.Equal("0068", request.Headers["Max-Forwards"]);
        Assert.Equal(["390skdjuw", "z9hG4bK9ikj8", "z9hG4bK30239"],
            request.Headers.GetAll("Via").Select(v => ViaHeader.TryParse(v, out var via) ? via!.Branch : null));
        Assert.Equal("newfangled value continued newfangled value", request.Headers["NewFangledHeader"]);
        Assert.Equal(";;,,;;,;", request.Headers["UnknownHeaderWithUnusualValue"]);
        Assert.Equal("", request.Headers["Subject"]);
        Assert.Equal("Quoted string \"\"", NameAddress.Parse(request.Headers["Contact"]!).DisplayName);
        Assert.Equal(150, request.Body.Length);
    }

    [Fact]
    public void Wide_range_of_valid_characters_keeps_method_control_characters_and_utf8()
    {
        var request = Parse("intmeth");

        Assert.Equal("!interesting-Method0123456789_*+`.%indeed'~", request.Method);
        Assert.Equal("BEL:\a NUL:\0 DEL:\u007f", NameAddress.Parse(request.To!).DisplayName);
        Assert.Equal("_token~1'+`*%!-.", request.FromTag);
        Assert.Equal("\"работающий\"", NameAddress.Parse(request.From!).Parameters["fromParam''~+*_!.-%"]);
        Assert.Equal("intmeth.word%ZK-!.*_+'@word`~)(><:\\/\"][?}{", request.CallId);
        Assert.Equal("\ufeff大停電", request.Headers["extensionHeader-!.%*+_`'~"]);
        Assert.Equal("example.com", NameAddress.Parse(request.To!).Uri.Host);
    }

    [Fact]
    public void Escapes_are_kept_as_sent_and_an_escaped_method_is_not_register()
    {
        var esc01 = Parse("esc01");
        var esc02 = Parse("esc02");

        Assert.Equal("sip:sips%3Auser%40example.com@example.net", esc01.RequestUri);
        Assert.Equal("sips%3Auser%40example.com", SipUri.Parse(esc01.RequestUri).User);
        Assert.Equal("RE%47IST%45R", esc02.Method);
        Assert.Equal(["<sip:alias1@host1.example.com>", "<sip:alias3@host3.example.com>"], esc02.Headers.GetAll("Contact"));
        Assert.Equal("<sip:alias2@host2.example.com>", esc02.Headers["C%6Fntact"]);
        Assert.Equal("null-%00-null", SipUri.Parse(Parse("escnull").To!).User);
    }

    [Fact]
    public void Long_values_and_many_vias_in_every_case_of_the_name_are_all_read()
    {
        var request = Parse("longreq");

        Assert.Equal(34, request.Headers.GetAll("Via").Count);
        Assert.StartsWith("SIP/2.0/TCP sip33.example.com", request.TopVia);
        Assert.EndsWith("longcallid", request.CallId);
    }

    [Fact]
    public void Of_two_requests_in_one_datagram_only_the_first_is_taken()
    {
        var request = Parse("dblreq");

        Assert.Equal("REGISTER", request.Method);
        Assert.Empty(request.Body);
    }

    [Fact]
    public void A_semicolon_in_the_user_part_is_not_a_uri_parameter()
    {
        var uri = SipUri.Parse(Parse("semiuri").RequestUri);

        Assert.Equal("user;par=u%40example.net", uri.User);
        Assert.Equal("example.com", uri.Host);
        Assert.Empty(uri.Parameters);
    }

    [Fact]
    public void Unknown_transports_in_via_are_kept()
    {
        var transports = Parse("transports").Headers.GetAll("Via")
            .Select(v => ViaHeader.TryParse(v, out var via) ? via!.Transport : null);

        Assert.Equal(["UDP", "SCTP", "TLS", "UNKNOWN", "TCP"], transports);
    }

    [Fact]
    public void A_multipart_binary_body_is_kept_byte_exact()
    {
        var bytes = TortureCatalogue.Named("mpart01").Bytes;
        var request = Parse("mpart01");

        Assert.Equal(553, request.Body.Length);
        Assert.Equal(bytes[^553..], request.Body);
        Assert.StartsWith("multipart/mixed;boundary=7a9cbec02ceef655", request.ContentType);
    }

    [Fact]
    public void Reason_phrases_may_be_utf8_or_empty()
    {
        Assert.True(SipParser.TryParse(TortureCatalogue.Named("unreason").Bytes, out var unreason, out _));
        Assert.True(SipParser.TryParse(TortureCatalogue.Named("noreason").Bytes, out var noreason, out _));

        Assert.Equal("= 2**3 * 5**2 но сто девяносто девять - простое", ((SipResponse)unreason!).Reason);
        Assert.Equal("", ((SipResponse)noreason!).Reason);
        Assert.Equal(100, ((SipResponse)noreason).StatusCode);
    }

    [Fact]
    public void A_response_with_an_overlarge_status_code_is_refused()
    {
        Assert.False(SipParser.TryParse(TortureCatalogue.Named("bigcode").Bytes, out _, out var error));
        Assert.Contains("Bad status code", error);
    }

    [Fact]
    public void A_response_with_overlarge_scalars_has_no_usable_cseq_so_matches_no_transaction()
    {
        Assert.True(SipParser.TryParse(TortureCatalogue.Named("scalarlg").Bytes, out var response, out var error), error);
        Assert.Null(response!.CSeq);
    }

    private static SipRequest Parse(string name)
    {
        Assert.True(SipParser.TryParse(TortureCatalogue.Named(name).Bytes, out var message, out var error), error);
        return (SipRequest)message!;
    }

    private static string StartLine(SipMessage message)
    {
        var bytes = message.ToBytes();
        return Encoding.UTF8.GetString(bytes, 0, bytes.AsSpan().IndexOf("\r\n"u8));
    }

    private static List<KeyValuePair<string, string>> WithoutLength(SipMessage message) =>
        message.Headers.Where(h => h.Key != "Content-Length").ToList();
}

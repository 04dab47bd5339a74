using System.Text;
using CsCheck;

namespace ContactCentre.Sip.Tests;

/// <summary>What the serialiser writes, the parser reads back the same: start line, headers in order, body bytes.</summary>
[Trait("Category", "Unit")]
public sealed class RoundTripProperties
{
    [Fact]
    public void A_generated_request_reads_back_equal() =>
        SipGenerators.Request.Sample(request =>
        {
            Assert.True(SipParser.TryParse(request.ToBytes(), out var parsed, out var error), error);
            var copy = Assert.IsType<SipRequest>(parsed);
            Assert.Equal(request.Method, copy.Method);
            Assert.Equal(request.RequestUri, copy.RequestUri);
            Assert.Equal(request.Headers, copy.Headers.Where(h => h.Key != "Content-Length"));
            Assert.Equal(request.Body, copy.Body);
            Assert.Equal(request.FromTag, copy.FromTag);
            Assert.Equal(request.ToTag, copy.ToTag);
            Assert.Null(RequestValidator.Check(copy));
        }, iter: 500, print: SipGenerators.Describe);

    [Fact]
    public void A_generated_response_reads_back_equal() =>
        SipGenerators.Response.Sample(response =>
        {
            Assert.True(SipParser.TryParse(response.ToBytes(), out var parsed, out var error), error);
            var copy = Assert.IsType<SipResponse>(parsed);
            Assert.Equal(response.StatusCode, copy.StatusCode);
            Assert.Equal(response.Reason, copy.Reason);
            Assert.Equal(response.Headers, copy.Headers.Where(h => h.Key != "Content-Length"));
            Assert.Equal(response.Body, copy.Body);
        }, iter: 500, print: SipGenerators.Describe);

    [Fact]
    public void Display_names_with_quotes_and_backslashes_survive_escaping() =>
        Gen.Select(SipGenerators.DisplayName, SipGenerators.SipUriText).Sample((name, uri) =>
        {
            var address = new NameAddress(name, SipUri.Parse(uri), new Dictionary<string, string?>());
            var copy = NameAddress.Parse(address.ToString());
            Assert.Equal(string.IsNullOrEmpty(name) ? null : name, copy.DisplayName);
            Assert.Equal(uri, copy.Uri.ToString());
        }, iter: 500);

    /// <summary>RFC 3261 §7.3.1: LWS around the colon and folded continuation lines do not change a header's value.</summary>
    [Fact]
    public void Whitespace_around_the_colon_and_line_folding_do_not_change_a_value() =>
        Gen.Select(SipGenerators.Token.List[1, 5], Gen.OneOf("", " ", "\t", "   "), Gen.OneOf("", " ", "  \t"),
                Gen.OneOf("\r\n ", "\r\n\t", "\r\n   "))
            .Sample((words, before, after, fold) =>
            {
                var text = $"OPTIONS sip:a@example.com SIP/2.0\r\nX-Words{before}:{after}{string.Join(fold, words)}\r\nCall-ID: lws\r\n\r\n";
                Assert.True(SipParser.TryParse(Encoding.UTF8.GetBytes(text), out var message, out var error), error);
                Assert.Equal(string.Join(" ", words), message!.Headers["X-Words"]);
            }, iter: 300);

    [Fact]
    public void Comma_separated_and_repeated_list_headers_read_the_same() =>
        SipGenerators.Host.List[1, 6].Sample(hosts =>
        {
            var vias = hosts.Select((h, i) => $"SIP/2.0/UDP {h};branch=z9hG4bK{i}").ToList();
            var combined = $"OPTIONS sip:a@example.com SIP/2.0\r\nVia: {string.Join(" , ", vias)}\r\nCall-ID: c\r\n\r\n";
            var repeated = $"OPTIONS sip:a@example.com SIP/2.0\r\n{string.Concat(vias.Select(v => $"v: {v}\r\n"))}Call-ID: c\r\n\r\n";
            SipParser.TryParse(Encoding.UTF8.GetBytes(combined), out var one, out _);
            SipParser.TryParse(Encoding.UTF8.GetBytes(repeated), out var other, out _);
            Assert.Equal(vias, one!.Headers.GetAll("Via"));
            Assert.Equal(vias, other!.Headers.GetAll("Via"));
        }, iter: 300);
}

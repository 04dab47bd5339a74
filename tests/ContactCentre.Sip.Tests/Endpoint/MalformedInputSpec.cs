namespace ContactCentre.Sip.Tests;

[Trait("Category", "Integration")]
public sealed class MalformedInputSpec : IAsyncLifetime
{
    private readonly RawUdpPeer _peer = new();
    private readonly List<string> _diagnostics = [];
    private SipEndpoint _endpoint = null!;

    public async Task InitializeAsync()
    {
        _endpoint = await TestEndpoints.StartAsync();
        _endpoint.Diagnostic += line =>
        {
            lock (_diagnostics)
            {
                _diagnostics.Add(line);
            }
        };
    }

    public async Task DisposeAsync()
    {
        _peer.Dispose();
        await _endpoint.DisposeAsync();
    }

    private async Task<SipResponse> SendAndReceiveAsync(params string[] lines)
    {
        await _peer.SendAsync(_endpoint.LocalEndPoint, lines);
        return await _peer.ReceiveAsync<SipResponse>(_ => true);
    }

    private async Task StillAnswersOptionsAsync()
    {
        var response = await SendAndReceiveAsync(_peer.Request("OPTIONS", "z9hG4bKstill", "still-alive"));
        Assert.Equal(200, response.StatusCode);
        Assert.Equal("still-alive", response.CallId);
    }

    [Fact]
    public async Task A_garbage_datagram_gets_no_answer_a_diagnostic_and_the_endpoint_keeps_serving()
    {
        await _peer.SendAsync(_endpoint.LocalEndPoint, [0x16, 0x03, 0x01, 0xFF, 0x00, 0x42]);

        Assert.Null(await _peer.ReceiveAsync(TimeSpan.FromMilliseconds(300)));
        await StillAnswersOptionsAsync();
        lock (_diagnostics)
        {
            Assert.Contains(_diagnostics, d => d.Contains("Dropped unparsable message", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task A_request_missing_call_id_gets_400_naming_the_header()
    {
        var lines = _peer.Request("OPTIONS", "z9hG4bKnocallid", "unused").Where(l => !l.StartsWith("Call-ID", StringComparison.Ordinal)).ToArray();

        var response = await SendAndReceiveAsync(lines);

        Assert.Equal(400, response.StatusCode);
        Assert.Equal("Missing Call-ID header", response.Reason);
        await StillAnswersOptionsAsync();
    }

    [Fact]
    public async Task A_request_missing_max_forwards_gets_400()
    {
        var lines = _peer.Request("OPTIONS", "z9hG4bKnomf", "no-mf").Where(l => !l.StartsWith("Max-Forwards", StringComparison.Ordinal)).ToArray();

        var response = await SendAndReceiveAsync(lines);

        Assert.Equal(400, response.StatusCode);
        Assert.Equal("Missing Max-Forwards header", response.Reason);
    }

    [Fact]
    public async Task A_bad_cseq_gets_400()
    {
        var lines = _peer.Request("OPTIONS", "z9hG4bKbadcseq", "bad-cseq").Select(l => l.StartsWith("CSeq", StringComparison.Ordinal) ? "CSeq: one OPTIONS" : l).ToArray();

        var response = await SendAndReceiveAsync(lines);

        Assert.Equal(400, response.StatusCode);
        Assert.Equal("Bad CSeq header", response.Reason);
        Assert.Equal("bad-cseq", response.CallId);
    }

    [Fact]
    public async Task A_datagram_shorter_than_its_content_length_gets_400()
    {
        var lines = _peer.Request("INVITE", "z9hG4bKshort", "short-body", body: "v=0\r\n");
        lines[^1] = "v=";

        var response = await SendAndReceiveAsync(lines);

        Assert.Equal(400, response.StatusCode);
        Assert.StartsWith("Content-Length mismatch", response.Reason);
    }

    [Fact]
    public async Task Max_forwards_zero_gets_483()
    {
        var lines = _peer.Request("OPTIONS", "z9hG4bKhops", "hops").Select(l => l.StartsWith("Max-Forwards", StringComparison.Ordinal) ? "Max-Forwards: 0" : l).ToArray();

        var response = await SendAndReceiveAsync(lines);

        Assert.Equal(483, response.StatusCode);
    }

    [Fact]
    public async Task A_bye_for_an_unknown_dialog_gets_481()
    {
        var response = await SendAndReceiveAsync(_peer.Request("BYE", "z9hG4bKbye", "no-such-call", toTag: "nobody"));

        Assert.Equal(481, response.StatusCode);
    }

    [Fact]
    public async Task Responses_go_to_the_rport_source_and_carry_received()
    {
        var lines = _peer.Request("OPTIONS", "z9hG4bKrport", "rport").Select(l => l.StartsWith("Via", StringComparison.Ordinal)
            ? "Via: SIP/2.0/UDP 198.51.100.7:5999;branch=z9hG4bKrport;rport"
            : l).ToArray();

        var response = await SendAndReceiveAsync(lines);

        Assert.Equal(200, response.StatusCode);
        Assert.Contains("received=127.0.0.1", response.TopVia);
        Assert.Contains($"rport={_peer.Port}", response.TopVia);
    }
}

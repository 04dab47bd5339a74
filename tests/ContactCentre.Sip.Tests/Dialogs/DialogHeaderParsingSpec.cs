namespace ContactCentre.Sip.Tests;

[Trait("Category", "Unit")]
public sealed class DialogHeaderParsingSpec
{
    [Theory]
    [InlineData("98732@sip.example.com;from-tag=r33th4x0r;to-tag=ff87ff", "98732@sip.example.com", "ff87ff", "r33th4x0r", false)]
    [InlineData("12345600@atlanta.example.com;from-tag=1234567;to-tag=12345;early-only", "12345600@atlanta.example.com", "12345", "1234567", true)]
    public void Replaces_is_parsed_per_rfc_3891(string text, string callId, string toTag, string fromTag, bool earlyOnly)
    {
        Assert.True(DialogReplacement.TryParse(text, out var replaces));

        Assert.Equal(new DialogReplacement(callId, toTag, fromTag, earlyOnly), replaces);
    }

    [Theory]
    [InlineData("")]
    [InlineData("98732@sip.example.com;to-tag=ff87ff")]
    [InlineData("98732@sip.example.com;from-tag=a")]
    public void Replaces_without_both_tags_is_refused(string text) =>
        Assert.False(DialogReplacement.TryParse(text, out _));

    [Theory]
    [InlineData("application/dtmf-relay", "Signal=5\r\nDuration=160\r\n", '5')]
    [InlineData("application/dtmf-relay", "signal = #\r\nduration=100\r\n", '#')]
    [InlineData("application/dtmf-relay", "Signal=10\r\nDuration=160\r\n", '*')]
    [InlineData("application/dtmf-relay; charset=utf-8", "Signal=b\r\n", 'B')]
    [InlineData("application/dtmf", "7", '7')]
    public void Dtmf_info_bodies_give_their_digit(string contentType, string body, char digit)
    {
        var info = new SipRequest("INFO", "sip:a@127.0.0.1");
        info.Headers.Add("Content-Type", contentType);
        info.Body = System.Text.Encoding.UTF8.GetBytes(body);

        Assert.True(DtmfRelay.IsDtmf(info, out var parsed));
        Assert.Equal(digit, parsed);
    }

    [Fact]
    public void A_dtmf_relay_body_without_a_valid_signal_has_no_digit()
    {
        var info = new SipRequest("INFO", "sip:a@127.0.0.1");
        info.Headers.Add("Content-Type", "application/dtmf-relay");
        info.Body = "Signal=X\r\n"u8.ToArray();

        Assert.True(DtmfRelay.IsDtmf(info, out var parsed));
        Assert.Null(parsed);
    }

    [Fact]
    public void Dtmf_relay_is_written_as_signal_and_duration() =>
        Assert.Equal("Signal=5\r\nDuration=160\r\n", DtmfRelay.Format('5', 160));
}

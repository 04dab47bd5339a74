namespace ContactCentre.Sip.Tests;

/// <summary>RFC 4475 invalid and unserviceable requests: the validator picks the answer each section asks for.</summary>
[Trait("Category", "Conformance")]
public sealed class TortureValidatorSpec
{
    public static TheoryData<string> Refused => TortureCatalogue.Names(c => c.Status is not null);

    [Theory]
    [MemberData(nameof(Refused))]
    public void An_invalid_request_gets_the_status_and_a_reason_naming_the_fault(string name)
    {
        var expected = TortureCatalogue.Named(name);
        TortureRefusal.AssertRefused(expected.Bytes, expected.Status, expected.Reason!);
    }

    [Fact]
    public void An_unknown_required_extension_is_listed_in_unsupported_and_proxy_require_is_left_to_proxies()
    {
        var request = (SipRequest)SipParser.Parse(TortureCatalogue.Named("bext01").Bytes, out _)!;

        var fault = RequestValidator.Check(request)!;

        Assert.Equal([new("Unsupported", "nothingSupportsThis, nothingSupportsThisEither")], fault.Headers);
    }

    [Fact]
    public void An_unknown_body_type_is_answered_with_what_is_accepted()
    {
        var request = (SipRequest)SipParser.Parse(TortureCatalogue.Named("invut").Bytes, out _)!;

        Assert.Equal([new("Accept", "application/sdp")], RequestValidator.Check(request)!.Headers);
    }

    [Fact]
    public void A_required_extension_this_agent_implements_is_served()
    {
        var text = System.Text.Encoding.UTF8.GetString(TortureCatalogue.Named("bext01").Bytes)
            .Replace("Require: nothingSupportsThis, nothingSupportsThisEither", "Require: timer", StringComparison.Ordinal);
        var request = (SipRequest)SipParser.Parse(System.Text.Encoding.UTF8.GetBytes(text), out _)!;

        Assert.Null(RequestValidator.Check(request));
    }
}

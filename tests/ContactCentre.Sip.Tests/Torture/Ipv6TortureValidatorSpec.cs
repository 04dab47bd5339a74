namespace ContactCentre.Sip.Tests;

/// <summary>RFC 5118 §4.2: the one invalid message is refused with a reason that names what is wrong.</summary>
[Trait("Category", "Conformance")]
public sealed class Ipv6TortureValidatorSpec
{
    public static TheoryData<string> Refused => Ipv6TortureCatalogue.Names(c => c.Status is not null);

    [Theory]
    [MemberData(nameof(Refused))]
    public void An_invalid_request_gets_the_status_and_a_reason_naming_the_fault(string name)
    {
        var expected = Ipv6TortureCatalogue.Named(name);
        TortureRefusal.AssertRefused(expected.Bytes, expected.Status, expected.Reason!);
    }

    [Fact]
    public void Ipv6_bad_is_refused_only_for_its_request_uri()
    {
        var bytes = Ipv6TortureCatalogue.Named("ipv6-bad").Bytes;
        var repaired = System.Text.Encoding.UTF8.GetBytes(System.Text.Encoding.UTF8.GetString(bytes)
            .Replace("REGISTER sip:2001:db8::10 SIP/2.0", "REGISTER sip:[2001:db8::10] SIP/2.0", StringComparison.Ordinal));

        Assert.Null(RequestValidator.Check((SipRequest)SipParser.Parse(repaired, out _)!));
    }
}

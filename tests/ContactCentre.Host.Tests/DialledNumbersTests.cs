using ContactCentre.Host.Calls;
using ContactCentre.Sip;

namespace ContactCentre.Host.Tests;

/// <summary>The numbers read from an INVITE and the order they are tried in (see docs/service-numbers.md).</summary>
[Trait("Category", "Unit")]
public sealed class DialledNumbersTests
{
    [Fact]
    public void Request_URI_then_To_then_Diversion_newest_first_then_History_Info_newest_first()
    {
        var invite = new SipRequest("INVITE", "sip:+358509999999@cc.example;user=phone");
        invite.Headers.Add("To", "\"Service, Helsinki\" <tel:+358509999998>");
        invite.Headers.Add("Diversion", "<sip:+358201234567@carrier;user=phone>;reason=unconditional, \"Sales, Espoo\" <tel:+358942424242>;reason=user-busy");
        invite.Headers.Add("Diversion", "sip:+358201111111@carrier;reason=no-answer");
        invite.Headers.Add("History-Info", "<sip:+358201111112@carrier?Reason=SIP%3Bcause%3D302>;index=1, <sip:+358509999999@cc.example>;index=1.1");

        var numbers = DialledNumbers.Of(invite).Select(n => n.ToString()).ToList();

        Assert.Equal(
        [
            "Request-URI 'sip:+358509999999@cc.example;user=phone'",
            "To 'tel:+358509999998'",
            "Diversion 'sip:+358201234567@carrier;user=phone'",
            "Diversion 'tel:+358942424242'",
            "Diversion 'sip:+358201111111@carrier'",
            "History-Info index=1.1 'sip:+358509999999@cc.example'",
            "History-Info index=1 'sip:+358201111112@carrier?Reason=SIP%3Bcause%3D302'",
        ], numbers);
    }
}

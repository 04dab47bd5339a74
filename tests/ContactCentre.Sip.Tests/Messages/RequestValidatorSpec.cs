namespace ContactCentre.Sip.Tests;

[Trait("Category", "Unit")]
public sealed class RequestValidatorSpec
{
    private static SipRequest Request(string requestUri, string branch = "z9hG4bK77", string? maxForwards = "70", string method = "OPTIONS")
    {
        var request = new SipRequest(method, requestUri);
        request.Headers.Add("Via", $"SIP/2.0/UDP 192.0.2.1;branch={branch}");
        if (maxForwards is not null)
        {
            request.Headers.Add("Max-Forwards", maxForwards);
        }
        request.Headers.Add("From", "<sip:a@example.com>;tag=1");
        request.Headers.Add("To", "<sip:b@example.com>");
        request.Headers.Add("Call-ID", "v1");
        request.Headers.Add("CSeq", $"1 {method}");
        return request;
    }

    [Theory]
    [InlineData("sip:b@example.com")]
    [InlineData("sips:b@[2001:db8::1]:5061;transport=tcp")]
    [InlineData("tel:+14085551212")]
    public void Sip_sips_and_tel_request_uris_are_served(string uri) =>
        Assert.Null(RequestValidator.Check(Request(uri)));

    [Fact]
    public void An_rfc3261_peer_must_send_max_forwards_but_an_rfc2543_peer_may_not()
    {
        Assert.Equal("Missing Max-Forwards header", RequestValidator.Check(Request("sip:b@example.com", maxForwards: null))!.Reason);
        Assert.Null(RequestValidator.Check(Request("sip:b@example.com", branch: "1234", maxForwards: null)));
    }

    [Theory]
    [InlineData("256", 400, "Bad Max-Forwards header")]
    [InlineData("-1", 400, "Bad Max-Forwards header")]
    [InlineData("0", 483, "Too Many Hops")]
    public void Max_forwards_outside_0_to_255_is_a_bad_request_and_0_is_too_many_hops(string value, int status, string reason)
    {
        var fault = RequestValidator.Check(Request("sip:b@example.com", maxForwards: value))!;

        Assert.Equal((status, reason), (fault.Status, fault.Reason));
    }

    [Fact]
    public void The_version_is_checked_before_anything_else()
    {
        var request = new SipRequest("OPTIONS", "<garbage>") { Version = "SIP/3.0" };

        Assert.Equal(505, RequestValidator.Check(request, "anything")!.Status);
    }
}

namespace ContactCentre.Sip.Tests;

/// <summary>The check both torture suites make of an invalid request: parsed, then refused as its RFC section asks.</summary>
internal static class TortureRefusal
{
    public static void AssertRefused(byte[] bytes, int? status, string reason)
    {
        var request = SipParser.Parse(bytes, out var parseError) as SipRequest;
        Assert.NotNull(request);

        var fault = RequestValidator.Check(request, parseError);

        Assert.NotNull(fault);
        Assert.Equal(status, fault.Status);
        Assert.Contains(reason, fault.Reason, StringComparison.Ordinal);
    }
}

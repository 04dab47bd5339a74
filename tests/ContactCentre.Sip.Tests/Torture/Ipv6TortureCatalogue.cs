namespace ContactCentre.Sip.Tests;

/// <summary>Every RFC 5118 test message with the section that defines it and the answer that section asks for.</summary>
internal static class Ipv6TortureCatalogue
{
    public static readonly IReadOnlyList<Ipv6TortureCase> All =
    [
        new("ipv6-good", "4.1"),
        // §4.2: "should respond with a 400 Bad Request"; the reason says what is wrong with the Request-URI.
        new("ipv6-bad", "4.2", 400, "IPv6 address must be enclosed in [ ]"),
        // §4.3: well-formed, only semantically surprising: the host is 2001:db8::10:5070, no port.
        new("port-ambiguous", "4.3"),
        new("port-unambiguous", "4.4"),
        // §4.5: received with and without [ ]; both must be accepted.
        new("via-received-param-with-delim", "4.5"),
        new("via-received-param-no-delim", "4.5"),
        new("ipv6-in-sdp", "4.6"),
        new("mult-ip-in-header", "4.7"),
        new("mult-ip-in-sdp", "4.8"),
        new("ipv4-mapped-ipv6", "4.9"),
        // §4.10: the RFC 3261 ABNF admits three colons before an embedded IPv4 address; both forms are tolerated.
        new("ipv6-correct-abnf-2-colons", "4.10"),
        new("ipv6-bug-abnf-3-colons", "4.10"),
    ];

    public static Ipv6TortureCase Named(string name) => All.Single(c => c.Name == name);

    public static TheoryData<string> Names(Func<Ipv6TortureCase, bool> which)
    {
        var data = new TheoryData<string>();
        foreach (var item in All.Where(which))
        {
            data.Add(item.Name);
        }
        return data;
    }
}

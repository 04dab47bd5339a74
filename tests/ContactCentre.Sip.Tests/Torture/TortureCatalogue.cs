namespace ContactCentre.Sip.Tests;

/// <summary>Every RFC 4475 test message with the section that defines it and the answer that section asks for.</summary>
internal static class TortureCatalogue
{
    public static readonly IReadOnlyList<TortureCase> All =
    [
        // §3.1.1 valid messages: parsed and served.
        new("wsinv", "3.1.1.1"),
        new("intmeth", "3.1.1.2"),
        new("esc01", "3.1.1.3"),
        new("escnull", "3.1.1.4"),
        new("esc02", "3.1.1.5"),
        new("lwsdisp", "3.1.1.6"),
        new("longreq", "3.1.1.7"),
        new("dblreq", "3.1.1.8"),
        new("semiuri", "3.1.1.9"),
        new("transports", "3.1.1.10"),
        new("mpart01", "3.1.1.11"),
        new("unreason", "3.1.1.12"),
        new("noreason", "3.1.1.13"),
        // §3.1.2 invalid messages: 400 naming the fault, 505 for the version; responses dropped.
        new("badinv01", "3.1.2.1", 400, "Bad Via header"),
        new("clerr", "3.1.2.2", 400, "Content-Length mismatch"),
        new("ncl", "3.1.2.3", 400, "Bad Content-Length header"),
        new("scalar02", "3.1.2.4", 400, "Bad CSeq header"),
        new("scalarlg", "3.1.2.5", Dropped: true),
        new("quotbal", "3.1.2.6", 400, "Bad To header: unterminated quoted string"),
        new("ltgtruri", "3.1.2.7", 400, "Malformed Request-URI"),
        new("lwsruri", "3.1.2.8", 400, "whitespace inside the Request-URI"),
        new("lwsstart", "3.1.2.9", 400, "separated by a single space"),
        new("trws", "3.1.2.10", 400, "whitespace after the SIP version"),
        new("escruri", "3.1.2.11", 400, "Request-URI must not contain escaped headers"),
        new("baddate", "3.1.2.12", 400, "Bad Date header"),
        new("regbadct", "3.1.2.13", 400, "Bad Contact header: URI with headers must be enclosed in <>"),
        new("badaspec", "3.1.2.14", 400, "Bad To header: whitespace inside <>"),
        new("baddn", "3.1.2.15", 400, "Bad From header: display name"),
        new("badvers", "3.1.2.16", 505, "Version Not Supported"),
        new("mismatch01", "3.1.2.17", 400, "CSeq method does not match request method"),
        new("mismatch02", "3.1.2.18", 400, "CSeq method does not match request method"),
        new("bigcode", "3.1.2.19", Dropped: true),
        // §3.2 transaction layer.
        new("badbranch", "3.2.1"),
        // §3.3 application layer.
        new("insuf", "3.3.1", 400, "Missing Call-ID header"),
        new("unkscm", "3.3.2", 416, "Unsupported URI Scheme"),
        new("novelsc", "3.3.3", 416, "Unsupported URI Scheme"),
        new("unksm2", "3.3.4", 400, "Bad From header: URI scheme 'http' not supported"),
        new("bext01", "3.3.5", 420, "Bad Extension"),
        new("invut", "3.3.6", 415, "Unsupported Media Type"),
        new("regaut01", "3.3.7"),
        new("multi01", "3.3.8", 400, "Multiple Call-ID headers"),
        new("mcl01", "3.3.9", 400, "Multiple Content-Length headers"),
        new("bcast", "3.3.10"),
        new("zeromf", "3.3.11", 483, "Too Many Hops"),
        new("cparam01", "3.3.12"),
        new("cparam02", "3.3.13"),
        new("regescrt", "3.3.14"),
        new("sdp01", "3.3.15", 406, "Not Acceptable"),
        // §3.4 backward compatibility.
        new("inv2543", "3.4.1"),
    ];

    public static TortureCase Named(string name) => All.Single(c => c.Name == name);

    public static TheoryData<string> Names(Func<TortureCase, bool> which)
    {
        var data = new TheoryData<string>();
        foreach (var item in All.Where(which))
        {
            data.Add(item.Name);
        }
        return data;
    }
}

namespace ContactCentre.Sip;

/// <summary>Canonical header names and the RFC 3261 §7.3.3 compact forms.</summary>
internal static class HeaderNames
{
    public const string Via = "Via";
    public const string From = "From";
    public const string To = "To";
    public const string CallId = "Call-ID";
    public const string CSeq = "CSeq";
    public const string Contact = "Contact";
    public const string MaxForwards = "Max-Forwards";
    public const string ContentLength = "Content-Length";
    public const string ContentType = "Content-Type";
    public const string UserAgent = "User-Agent";
    public const string Server = "Server";
    public const string Allow = "Allow";
    public const string Accept = "Accept";
    public const string Route = "Route";
    public const string RecordRoute = "Record-Route";
    public const string Supported = "Supported";

    private static readonly Dictionary<string, string> Canonical = new(StringComparer.OrdinalIgnoreCase)
    {
        ["v"] = Via, ["f"] = From, ["t"] = To, ["i"] = CallId, ["m"] = Contact, ["l"] = ContentLength,
        ["c"] = ContentType, ["k"] = Supported, ["s"] = "Subject", ["e"] = "Content-Encoding",
        ["o"] = "Event", ["r"] = "Refer-To", ["b"] = "Referred-By", ["u"] = "Allow-Events",
        [Via] = Via, [From] = From, [To] = To, [CallId] = CallId, [CSeq] = CSeq, [Contact] = Contact,
        [MaxForwards] = MaxForwards, [ContentLength] = ContentLength, [ContentType] = ContentType,
        [UserAgent] = UserAgent, [Server] = Server, [Allow] = Allow, [Accept] = Accept, [Route] = Route,
        [RecordRoute] = RecordRoute, [Supported] = Supported, ["WWW-Authenticate"] = "WWW-Authenticate",
        ["Authorization"] = "Authorization", ["Expires"] = "Expires", ["Require"] = "Require",
        ["Reason"] = "Reason", ["Subject"] = "Subject", ["Event"] = "Event",
        // Common on the wire: known names are resolved without allocating when a message is parsed.
        ["Proxy-Authenticate"] = "Proxy-Authenticate", ["Proxy-Authorization"] = "Proxy-Authorization",
        ["Authentication-Info"] = "Authentication-Info", ["Min-Expires"] = "Min-Expires",
        ["Session-Expires"] = "Session-Expires", ["Min-SE"] = "Min-SE", ["Refer-To"] = "Refer-To",
        ["Referred-By"] = "Referred-By", ["Replaces"] = "Replaces", ["Diversion"] = "Diversion",
        ["History-Info"] = "History-Info", ["P-Asserted-Identity"] = "P-Asserted-Identity",
        ["P-Preferred-Identity"] = "P-Preferred-Identity", ["Privacy"] = "Privacy",
        ["Accept-Encoding"] = "Accept-Encoding", ["Accept-Language"] = "Accept-Language",
        ["Alert-Info"] = "Alert-Info", ["Call-Info"] = "Call-Info", ["Date"] = "Date", ["Timestamp"] = "Timestamp",
        ["Organization"] = "Organization", ["Priority"] = "Priority", ["Unsupported"] = "Unsupported",
        ["Warning"] = "Warning", ["Retry-After"] = "Retry-After", ["Subscription-State"] = "Subscription-State",
        ["Allow-Events"] = "Allow-Events", ["Content-Disposition"] = "Content-Disposition",
        ["Content-Encoding"] = "Content-Encoding", ["Content-Language"] = "Content-Language",
        ["MIME-Version"] = "MIME-Version", ["RSeq"] = "RSeq", ["RAck"] = "RAck", ["Path"] = "Path",
        ["Reply-To"] = "Reply-To", ["In-Reply-To"] = "In-Reply-To", ["Error-Info"] = "Error-Info",
        ["Proxy-Require"] = "Proxy-Require",
    };

    private static readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> CanonicalBySpan =
        Canonical.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>Longest name in the table; longer names on the wire are unknown without a lookup.</summary>
    private static readonly int LongestKnown = Canonical.Keys.Max(k => k.Length);

    /// <summary>Headers whose comma-separated values are separate entries (RFC 3261 §7.3.1).</summary>
    private static readonly HashSet<string> ListHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        Via, Route, RecordRoute, Contact,
    };

    public static string Normalize(string name) =>
        Canonical.TryGetValue(name, out var canonical) ? canonical : name;

    public static bool IsList(string name) => ListHeaders.Contains(name);

    /// <summary>The canonical name for a header name received as ASCII bytes, without allocating; false when unknown.</summary>
    public static bool TryCanonical(ReadOnlySpan<byte> name, out string canonical)
    {
        canonical = "";
        if (name.Length > LongestKnown)
        {
            return false;
        }
        Span<char> chars = stackalloc char[name.Length];
        for (var i = 0; i < name.Length; i++)
        {
            chars[i] = (char)name[i];
        }
        return CanonicalBySpan.TryGetValue(chars, out canonical!);
    }
}

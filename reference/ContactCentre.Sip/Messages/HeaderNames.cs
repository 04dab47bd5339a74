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
    };

    /// <summary>Headers whose comma-separated values are separate entries (RFC 3261 §7.3.1).</summary>
    private static readonly HashSet<string> ListHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        Via, Route, RecordRoute, Contact,
    };

    public static string Normalize(string name) =>
        Canonical.TryGetValue(name, out var canonical) ? canonical : name;

    public static bool IsList(string name) => ListHeaders.Contains(name);
}

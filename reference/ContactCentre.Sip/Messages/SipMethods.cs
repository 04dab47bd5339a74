namespace ContactCentre.Sip;

/// <summary>Method names and what this user agent does with them.</summary>
internal static class SipMethods
{
    public const string Invite = "INVITE";
    public const string Ack = "ACK";
    public const string Bye = "BYE";
    public const string Cancel = "CANCEL";
    public const string Options = "OPTIONS";
    public const string Info = "INFO";
    public const string Update = "UPDATE";
    public const string Refer = "REFER";
    public const string Notify = "NOTIFY";

    /// <summary>Methods this user agent implements itself (sent in Allow).</summary>
    public const string Allowed = "INVITE, ACK, BYE, CANCEL, OPTIONS, INFO, UPDATE, REFER, NOTIFY";

    private static readonly HashSet<string> Known = new(StringComparer.Ordinal)
    {
        Invite, Ack, Bye, Cancel, Options, Info, "REGISTER", "MESSAGE", "SUBSCRIBE", "NOTIFY",
        "REFER", "UPDATE", "PRACK", "PUBLISH",
    };

    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> KnownBySpan =
        Known.GetAlternateLookup<ReadOnlySpan<char>>();

    public static bool IsKnown(string method) => Known.Contains(method);

    /// <summary>The shared string for a known method (methods are case-sensitive, RFC 3261 §7.1), else a new one.</summary>
    public static string Intern(ReadOnlySpan<char> method) =>
        KnownBySpan.TryGetValue(method, out var known) ? known : method.ToString();

    /// <summary>RFC 3261 §25.1 token characters.</summary>
    public static bool IsToken(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty)
        {
            return false;
        }
        foreach (var ch in text)
        {
            if (!(char.IsAsciiLetterOrDigit(ch) || "-.!%*_+`'~".Contains(ch)))
            {
                return false;
            }
        }
        return true;
    }
}

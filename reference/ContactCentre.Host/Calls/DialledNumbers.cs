using ContactCentre.Domain.ServiceNumbers;
using ContactCentre.Sip;

namespace ContactCentre.Host.Calls;

/// <summary>
/// The numbers an INVITE carries, in the order they are tried against the service numbers:
/// <list type="number">
/// <item>the Request-URI's user part: where the network is delivering the call now (RFC 3261 §8.2.2.1);</item>
/// <item>To: the number the caller dialled, which proxies that retarget leave alone (RFC 3261 §8.1.1.2);</item>
/// <item>Diversion entries, most recent first (RFC 5806 §4: each diverting party adds its entry on top);</item>
/// <item>History-Info entries, most recent first, the caller's original target last (RFC 7044 §5).</item>
/// </list>
/// Nearest first: when a call carries two numbers we serve, the one the network last delivered to decides,
/// and older numbers in the chain (the caller's original target) are a fallback for carriers that
/// deliver forwarded calls to a routing number of their own.
/// </summary>
public static class DialledNumbers
{
    public static IReadOnlyList<DialledNumber> Of(SipRequest invite)
    {
        var numbers = new List<DialledNumber> { new(invite.RequestUri, "Request-URI") };
        if (invite.To is { } to)
            numbers.Add(new(UriOf(to), "To"));
        foreach (var entry in Entries(invite.Headers.GetAll("Diversion")))
            numbers.Add(new(UriOf(entry), "Diversion"));
        foreach (var entry in Entries(invite.Headers.GetAll("History-Info")).Reverse())
            numbers.Add(new(UriOf(entry), IndexOf(entry) is { } index ? $"History-Info index={index}" : "History-Info"));
        return numbers;
    }

    /// <summary>The comma-separated entries of a header's values; commas inside quotes or &lt;&gt; belong to the entry.</summary>
    private static IEnumerable<string> Entries(IEnumerable<string> values)
    {
        foreach (var value in values)
        {
            var start = 0;
            var quoted = false;
            var angled = false;
            for (var i = 0; i <= value.Length; i++)
            {
                if (i == value.Length || (value[i] == ',' && !quoted && !angled))
                {
                    if (value.AsSpan(start, i - start).Trim().Length > 0)
                        yield return value[start..i].Trim();
                    start = i + 1;
                }
                else if (value[i] == '"' && !angled)
                    quoted = !quoted;
                else if (value[i] == '<' && !quoted)
                    angled = true;
                else if (value[i] == '>' && !quoted)
                    angled = false;
            }
        }
    }

    /// <summary>The URI of a name-addr ("Name" &lt;sip:…&gt;;params) or of a bare addr-spec (sip:…;params, RFC 3261 §20.10).</summary>
    private static string UriOf(string entry)
    {
        var open = entry.IndexOf('<', StringComparison.Ordinal);
        var close = open < 0 ? -1 : entry.IndexOf('>', open + 1);
        if (open >= 0 && close > open)
            return entry[(open + 1)..close];
        var semicolon = entry.IndexOf(';', StringComparison.Ordinal);
        return semicolon < 0 ? entry : entry[..semicolon];
    }

    /// <summary>The "index" header parameter of a History-Info entry (RFC 7044 §9.1), after the URI.</summary>
    private static string? IndexOf(string entry)
    {
        var close = entry.IndexOf('>', StringComparison.Ordinal);
        foreach (var parameter in entry[(close + 1)..].Split(';', StringSplitOptions.TrimEntries))
        {
            if (parameter.StartsWith("index=", StringComparison.OrdinalIgnoreCase))
                return parameter["index=".Length..];
        }
        return null;
    }
}

namespace ContactCentre.Domain.ServiceNumbers;

/// <summary>
/// A number an incoming call carries, as written (<paramref name="Text"/>) and where it was found
/// (<paramref name="Source"/>: "Request-URI", "To", "Diversion", "History-Info"), so a refusal can say both.
/// </summary>
public sealed record DialledNumber(string Text, string Source)
{
    public override string ToString() => $"{Source} '{Text}'";

    /// <summary>Every candidate, in the order tried, for a log line: "Request-URI 'sip:0209999999@cc', To '…'".</summary>
    public static string Describe(IEnumerable<DialledNumber> candidates)
    {
        var text = string.Join(", ", candidates);
        return text.Length == 0 ? "no number at all" : text;
    }
}

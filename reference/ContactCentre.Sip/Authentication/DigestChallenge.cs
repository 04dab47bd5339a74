using System.Text;

namespace ContactCentre.Sip;

/// <summary>
/// A Digest challenge as carried in WWW-Authenticate (401) or Proxy-Authenticate (407)
/// (RFC 3261 §20.44, §20.27; RFC 2617 §3.2.1; RFC 8760 §2.4).
/// </summary>
public sealed record DigestChallenge(string Realm, string Nonce, DigestAlgorithm Algorithm)
{
    /// <summary>The qop options offered; this stack offers and answers only "auth".</summary>
    public IReadOnlyList<string> Qop { get; init; } = [];

    public string? Opaque { get; init; }

    /// <summary>The previous request's nonce had expired but its digest was right (RFC 2617 §3.2.1).</summary>
    public bool Stale { get; init; }

    public bool OffersAuth => Qop.Contains("auth", StringComparer.OrdinalIgnoreCase);

    /// <summary>Parses one challenge; null for non-Digest schemes, unknown algorithms or missing realm/nonce.</summary>
    public static DigestChallenge? TryParse(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (DigestParameters.Parse(value) is not { } parameters
            || !parameters.TryGetValue("realm", out var realm) || !parameters.TryGetValue("nonce", out var nonce)
            || DigestAlgorithm.FromToken(parameters.GetValueOrDefault("algorithm")) is not { } algorithm)
        {
            return null;
        }
        return new DigestChallenge(realm, nonce, algorithm)
        {
            Qop = parameters.TryGetValue("qop", out var qop)
                ? qop.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                : [],
            Opaque = parameters.GetValueOrDefault("opaque"),
            Stale = string.Equals(parameters.GetValueOrDefault("stale"), "true", StringComparison.OrdinalIgnoreCase),
        };
    }

    public override string ToString()
    {
        var text = new StringBuilder(DigestParameters.Scheme);
        DigestParameters.AppendQuoted(text, "realm", Realm);
        DigestParameters.AppendQuoted(text, "nonce", Nonce);
        if (Opaque is not null)
        {
            DigestParameters.AppendQuoted(text, "opaque", Opaque);
        }
        if (Stale)
        {
            DigestParameters.AppendToken(text, "stale", "true");
        }
        DigestParameters.AppendToken(text, "algorithm", Algorithm.Token);
        if (Qop.Count > 0)
        {
            DigestParameters.AppendQuoted(text, "qop", string.Join(',', Qop));
        }
        return text.ToString();
    }
}

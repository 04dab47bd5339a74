using System.Text;

namespace ContactCentre.Sip;

/// <summary>
/// The credentials a client puts in Authorization or Proxy-Authorization (RFC 3261 §20.7, §20.28;
/// RFC 2617 §3.2.2).
/// </summary>
public sealed record DigestCredentials(string Username, string Realm, string Nonce, string Uri, string Response,
    DigestAlgorithm Algorithm)
{
    public string? Qop { get; init; }

    /// <summary>nc: 8 hex digits counting the requests made with this nonce.</summary>
    public string? NonceCount { get; init; }

    public string? ClientNonce { get; init; }

    public string? Opaque { get; init; }

    /// <summary>
    /// Parses a Digest credentials value; null if it is not Digest, names an unknown algorithm or lacks a
    /// mandatory field (username, realm, nonce, uri, response, plus cnonce and nc when qop is present).
    /// </summary>
    public static DigestCredentials? TryParse(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (DigestParameters.Parse(value) is not { } p
            || !p.TryGetValue("username", out var username) || !p.TryGetValue("realm", out var realm)
            || !p.TryGetValue("nonce", out var nonce) || !p.TryGetValue("uri", out var uri)
            || !p.TryGetValue("response", out var response)
            || DigestAlgorithm.FromToken(p.GetValueOrDefault("algorithm")) is not { } algorithm)
        {
            return null;
        }
        var qop = p.GetValueOrDefault("qop");
        var nc = p.GetValueOrDefault("nc");
        var cnonce = p.GetValueOrDefault("cnonce");
        if (qop is not null && (nc is null || cnonce is null))
        {
            return null;
        }
        return new DigestCredentials(username, realm, nonce, uri, response, algorithm)
        {
            Qop = qop,
            NonceCount = nc,
            ClientNonce = cnonce,
            Opaque = p.GetValueOrDefault("opaque"),
        };
    }

    /// <summary>Answers a challenge for a request (RFC 2617 §3.2.2), with qop=auth when the server offers it.</summary>
    public static DigestCredentials Answer(DigestChallenge challenge, string username, string password, string method,
        string uri, string clientNonce, uint nonceCount = 1)
    {
        ArgumentNullException.ThrowIfNull(challenge);
        var qop = challenge.OffersAuth ? "auth" : null;
        var nc = qop is null ? null : nonceCount.ToString("x8", System.Globalization.CultureInfo.InvariantCulture);
        var cnonce = qop is null ? null : clientNonce;
        var response = DigestCalculation.Response(challenge.Algorithm, username, challenge.Realm, password, method, uri,
            challenge.Nonce, nc, cnonce, qop);
        return new DigestCredentials(username, challenge.Realm, challenge.Nonce, uri, response, challenge.Algorithm)
        {
            Qop = qop,
            NonceCount = nc,
            ClientNonce = cnonce,
            Opaque = challenge.Opaque,
        };
    }

    public override string ToString()
    {
        var text = new StringBuilder(DigestParameters.Scheme);
        DigestParameters.AppendQuoted(text, "username", Username);
        DigestParameters.AppendQuoted(text, "realm", Realm);
        DigestParameters.AppendQuoted(text, "nonce", Nonce);
        DigestParameters.AppendQuoted(text, "uri", Uri);
        DigestParameters.AppendQuoted(text, "response", Response);
        DigestParameters.AppendToken(text, "algorithm", Algorithm.Token);
        if (ClientNonce is not null)
        {
            DigestParameters.AppendQuoted(text, "cnonce", ClientNonce);
        }
        if (Opaque is not null)
        {
            DigestParameters.AppendQuoted(text, "opaque", Opaque);
        }
        if (Qop is not null)
        {
            DigestParameters.AppendToken(text, "qop", Qop);
            DigestParameters.AppendToken(text, "nc", NonceCount ?? "00000001");
        }
        return text.ToString();
    }
}

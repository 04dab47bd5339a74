namespace ContactCentre.Sip;

/// <summary>
/// The request-digest of RFC 2617 §3.2.2.1 (qop=auth) and RFC 7616 §3.4.1: KD(H(A1), nonce:nc:cnonce:qop:H(A2))
/// with A1 = user:realm:password and A2 = method:digest-uri.
/// </summary>
public static class DigestCalculation
{
    public static string Response(DigestAlgorithm algorithm, string username, string realm, string password,
        string method, string digestUri, string nonce, string? nonceCount, string? clientNonce, string? qop)
    {
        ArgumentNullException.ThrowIfNull(algorithm);
        var ha1 = algorithm.Hash($"{username}:{realm}:{password}");
        var ha2 = algorithm.Hash($"{method}:{digestUri}");
        // Without qop this is the RFC 2069 form, kept for peers that do not send qop.
        return qop is null
            ? algorithm.Hash($"{ha1}:{nonce}:{ha2}")
            : algorithm.Hash($"{ha1}:{nonce}:{nonceCount}:{clientNonce}:{qop}:{ha2}");
    }
}

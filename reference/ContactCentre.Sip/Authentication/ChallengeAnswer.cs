using System.Globalization;
using System.Security.Cryptography;

namespace ContactCentre.Sip;

/// <summary>
/// The UAC side of RFC 3261 §22.2/§22.3: turns a request that drew 401 or 407 into its retry, with the same
/// Call-ID, From tag and To, the next CSeq, and Digest credentials for the challenge (SHA-256 when offered).
/// </summary>
internal static class ChallengeAnswer
{
    /// <summary>A safety stop for servers that keep challenging (a proxy and a UAS may each challenge once).</summary>
    public const int MaxRetries = 4;

    /// <summary>
    /// The retry for <paramref name="sent"/>, or null when <paramref name="response"/> is not a challenge we can
    /// answer: no usable Digest challenge, a realm the credentials are not for, or a realm that already refused
    /// these credentials without saying stale=true. The retry has no Via; the sender adds one with a new branch.
    /// </summary>
    public static SipRequest? Retry(SipRequest sent, SipResponse response, SipCredentials credentials, ISet<string> answeredRealms)
    {
        var (challengeHeader, credentialsHeader) = response.StatusCode switch
        {
            401 => ("WWW-Authenticate", "Authorization"),
            407 => ("Proxy-Authenticate", "Proxy-Authorization"),
            _ => (null, null),
        };
        if (challengeHeader is null || credentialsHeader is null || sent.CSeq is not { } cseq)
        {
            return null;
        }
        var challenges = response.Headers.GetAll(challengeHeader)
            .Select(DigestChallenge.TryParse)
            .OfType<DigestChallenge>()
            .Where(c => credentials.Realm is null || c.Realm == credentials.Realm)
            .ToList();
        if (challenges.Count == 0)
        {
            return null;
        }
        var realm = challenges[0].Realm;
        var chosen = challenges.Where(c => c.Realm == realm)
            .OrderBy(c => c.Algorithm == DigestAlgorithm.Sha256 ? 0 : 1)
            .First();
        if (!answeredRealms.Add(realm) && !chosen.Stale)
        {
            return null;
        }
        var retry = new SipRequest(sent.Method, sent.RequestUri);
        foreach (var (name, value) in sent.Headers)
        {
            if (string.Equals(name, HeaderNames.Via, StringComparison.OrdinalIgnoreCase)
                || string.Equals(name, HeaderNames.CSeq, StringComparison.OrdinalIgnoreCase)
                || (string.Equals(name, credentialsHeader, StringComparison.OrdinalIgnoreCase)
                    && DigestCredentials.TryParse(value)?.Realm == realm))
            {
                continue;
            }
            retry.Headers.Add(name, value);
        }
        retry.Headers.Add(HeaderNames.CSeq, $"{(cseq.Number + 1).ToString(CultureInfo.InvariantCulture)} {sent.Method}");
        var answer = DigestCredentials.Answer(chosen, credentials.Username, credentials.Password, sent.Method,
            sent.RequestUri, RandomNumberGenerator.GetHexString(16, true));
        retry.Headers.Add(credentialsHeader, answer.ToString());
        retry.Body = sent.Body;
        return retry;
    }
}

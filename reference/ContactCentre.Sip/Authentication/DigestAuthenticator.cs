using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace ContactCentre.Sip;

/// <summary>
/// Server side of SIP Digest authentication (RFC 3261 §22.1, §22.4; RFC 2617 with qop=auth; RFC 8760 SHA-256):
/// issues nonces, checks credentials against an <see cref="ISipCredentialStore"/>, answers expired nonces with
/// stale=true and refuses a nonce-count that does not increase (a replayed request).
/// </summary>
public sealed class DigestAuthenticator
{
    private const string AuthorizationHeader = "Authorization";
    private const string ProxyAuthorizationHeader = "Proxy-Authorization";

    private readonly ISipCredentialStore _credentials;
    private readonly TimeProvider _time;
    private readonly DigestAuthenticatorOptions _options;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, IssuedNonce> _nonces = new(StringComparer.Ordinal);

    public DigestAuthenticator(string realm, ISipCredentialStore credentials, TimeProvider? time = null,
        DigestAuthenticatorOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(realm);
        ArgumentNullException.ThrowIfNull(credentials);
        Realm = realm;
        _credentials = credentials;
        _time = time ?? TimeProvider.System;
        _options = options ?? new DigestAuthenticatorOptions();
        if (_options.Algorithms.Count == 0)
        {
            throw new ArgumentException("At least one digest algorithm must be offered.", nameof(options));
        }
    }

    public string Realm { get; }

    /// <summary>Nonces currently remembered (issued and not yet expired).</summary>
    public int OutstandingNonces
    {
        get
        {
            lock (_gate)
            {
                return _nonces.Count;
            }
        }
    }

    /// <summary>Checks the request's credentials for this realm; when they do not pass, the verdict carries the response to send.</summary>
    public DigestVerdict Check(SipRequest request, DigestChallengeKind kind = DigestChallengeKind.UserAgent)
    {
        ArgumentNullException.ThrowIfNull(request);
        var header = kind == DigestChallengeKind.Proxy ? ProxyAuthorizationHeader : AuthorizationHeader;
        var credentials = request.Headers.GetAll(header)
            .Select(DigestCredentials.TryParse)
            .FirstOrDefault(c => c is not null && c.Realm == Realm);
        if (credentials is null)
        {
            return Challenge(kind, stale: false);
        }
        if (!_options.Algorithms.Contains(credentials.Algorithm)
            || !string.Equals(credentials.Qop, "auth", StringComparison.OrdinalIgnoreCase)
            || _credentials.FindPassword(credentials.Username, Realm) is not { } password)
        {
            return Challenge(kind, stale: false);
        }
        // RFC 2617 §3.2.2.5: the digest must cover this request's URI, or it could be a captured one.
        if (!string.Equals(credentials.Uri, request.RequestUri, StringComparison.OrdinalIgnoreCase))
        {
            return DigestVerdict.Respond(400, "Authorization URI Does Not Match Request-URI", []);
        }
        var expected = DigestCalculation.Response(credentials.Algorithm, credentials.Username, Realm, password,
            request.Method, credentials.Uri, credentials.Nonce, credentials.NonceCount, credentials.ClientNonce, credentials.Qop);
        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected),
                Encoding.ASCII.GetBytes(credentials.Response.ToLowerInvariant())))
        {
            return Challenge(kind, stale: false);
        }
        if (!uint.TryParse(credentials.NonceCount, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var count))
        {
            return Challenge(kind, stale: false);
        }
        return UseNonce(credentials.Nonce, count) switch
        {
            NonceUse.Accepted => DigestVerdict.Accept(credentials.Username),
            // A right answer to a nonce we no longer hold: the client may retry at once without asking its user.
            NonceUse.Expired => Challenge(kind, stale: true),
            _ => Challenge(kind, stale: false),
        };
    }

    /// <summary>
    /// Checks a request handed to the application and, if it does not pass, answers it (401/407 with the
    /// challenge, or 400). Returns the authenticated user name, or null when the request has been answered.
    /// </summary>
    public async Task<string?> AuthenticateAsync(SipServerRequest request, DigestChallengeKind kind = DigestChallengeKind.UserAgent)
    {
        ArgumentNullException.ThrowIfNull(request);
        var verdict = Check(request.Request, kind);
        if (verdict.Authenticated)
        {
            return verdict.Username;
        }
        await request.RespondAsync(verdict.StatusCode, verdict.Reason, extraHeaders: verdict.Headers).ConfigureAwait(false);
        return null;
    }

    /// <summary>
    /// Wraps an INVITE handler so that only authenticated callers reach it: others get the 401
    /// (or 407 for <see cref="DigestChallengeKind.Proxy"/>) challenge, RFC 3261 §22.1.
    /// </summary>
    public Func<IncomingCall, Task> ProtectInvites(Func<IncomingCall, Task> onInvite, DigestChallengeKind kind = DigestChallengeKind.UserAgent) =>
        call => Check(call.Invite, kind) is { Authenticated: false } verdict
            ? call.RejectAsync(verdict.StatusCode, verdict.Reason, verdict.Headers)
            : onInvite(call);

    /// <summary>A fresh challenge: one header per algorithm, sharing one nonce.</summary>
    public DigestVerdict Challenge(DigestChallengeKind kind, bool stale)
    {
        var nonce = IssueNonce();
        var header = kind == DigestChallengeKind.Proxy ? "Proxy-Authenticate" : "WWW-Authenticate";
        var headers = _options.Algorithms
            .Select(algorithm => new KeyValuePair<string, string>(header,
                new DigestChallenge(Realm, nonce, algorithm) { Qop = ["auth"], Stale = stale }.ToString()))
            .ToList();
        return kind == DigestChallengeKind.Proxy
            ? DigestVerdict.Respond(407, "Proxy Authentication Required", headers)
            : DigestVerdict.Respond(401, "Unauthorized", headers);
    }

    private string IssueNonce()
    {
        var nonce = RandomNumberGenerator.GetHexString(32, true);
        var now = _time.GetUtcNow();
        lock (_gate)
        {
            foreach (var expired in _nonces.Where(n => IsExpired(n.Value, now)).Select(n => n.Key).ToList())
            {
                _nonces.Remove(expired);
            }
            if (_nonces.Count >= _options.MaxOutstandingNonces)
            {
                _nonces.Remove(_nonces.MinBy(n => n.Value.IssuedAt).Key);
            }
            _nonces[nonce] = new IssuedNonce(now, 0);
        }
        return nonce;
    }

    private NonceUse UseNonce(string nonce, uint count)
    {
        var now = _time.GetUtcNow();
        lock (_gate)
        {
            if (!_nonces.TryGetValue(nonce, out var issued))
            {
                return NonceUse.Expired;
            }
            if (IsExpired(issued, now))
            {
                _nonces.Remove(nonce);
                return NonceUse.Expired;
            }
            // RFC 2617 §3.2.2: each request with a nonce carries a higher nc; a repeat is a replay.
            if (count <= issued.HighestCount)
            {
                return NonceUse.Replayed;
            }
            _nonces[nonce] = issued with { HighestCount = count };
            return NonceUse.Accepted;
        }
    }

    private bool IsExpired(IssuedNonce nonce, DateTimeOffset now) => now - nonce.IssuedAt >= _options.NonceLifetime;

    private readonly record struct IssuedNonce(DateTimeOffset IssuedAt, uint HighestCount);

    private enum NonceUse
    {
        Accepted,
        Expired,
        Replayed,
    }
}

namespace ContactCentre.Sip;

/// <summary>How a <see cref="DigestAuthenticator"/> challenges.</summary>
public sealed record DigestAuthenticatorOptions
{
    /// <summary>How long a nonce is accepted; after that a correct answer gets a new challenge with stale=true.</summary>
    public TimeSpan NonceLifetime { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Most nonces remembered at once; beyond it the oldest is forgotten (its next use gets stale=true), so a
    /// flood of unauthenticated requests cannot grow memory without bound.
    /// </summary>
    public int MaxOutstandingNonces { get; init; } = 10_000;

    /// <summary>Algorithms offered, most preferred first: one challenge header each (RFC 8760 §2.4).</summary>
    public IReadOnlyList<DigestAlgorithm> Algorithms { get; init; } = [DigestAlgorithm.Sha256, DigestAlgorithm.Md5];
}

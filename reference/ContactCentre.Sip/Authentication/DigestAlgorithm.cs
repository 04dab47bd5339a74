using System.Security.Cryptography;
using System.Text;

namespace ContactCentre.Sip;

/// <summary>
/// A digest hash function by its token in the algorithm parameter: MD5 (RFC 2617) or SHA-256
/// (RFC 7616 §3.5, used for SIP by RFC 8760 §2.2).
/// </summary>
public sealed record DigestAlgorithm
{
    private readonly Func<byte[], byte[]> _hash;

    private DigestAlgorithm(string token, Func<byte[], byte[]> hash)
    {
        Token = token;
        _hash = hash;
    }

    // MD5 is broken as a hash, but RFC 3261 §22.4 makes it mandatory for SIP interop.
#pragma warning disable CA5351
    public static DigestAlgorithm Md5 { get; } = new("MD5", MD5.HashData);
#pragma warning restore CA5351

    public static DigestAlgorithm Sha256 { get; } = new("SHA-256", SHA256.HashData);

    /// <summary>The token in the algorithm parameter.</summary>
    public string Token { get; }

    /// <summary>RFC 7616 §3.4.1: an absent algorithm parameter means MD5.</summary>
    public static DigestAlgorithm? FromToken(string? token) => token switch
    {
        null or "" => Md5,
        _ when string.Equals(token, Md5.Token, StringComparison.OrdinalIgnoreCase) => Md5,
        _ when string.Equals(token, Sha256.Token, StringComparison.OrdinalIgnoreCase) => Sha256,
        _ => null,
    };

    /// <summary>H(data) as lower-case hex (RFC 2617 §3.2.1).</summary>
    public string Hash(string data) => Convert.ToHexStringLower(_hash(Encoding.UTF8.GetBytes(data)));

    public bool Equals(DigestAlgorithm? other) => other is not null && Token == other.Token;

    public override int GetHashCode() => Token.GetHashCode(StringComparison.Ordinal);

    public override string ToString() => Token;
}

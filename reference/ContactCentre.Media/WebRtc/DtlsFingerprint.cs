using System.Security.Cryptography;

namespace ContactCentre.Media.WebRtc;

/// <summary>Certificate fingerprints as SDP carries them (RFC 8122 §5): hash function name, then uppercase hex pairs joined by colons.</summary>
public static class DtlsFingerprint
{
    public static string Of(ReadOnlySpan<byte> certificateDer) =>
        "sha-256 " + string.Join(':', Convert.ToHexString(SHA256.HashData(certificateDer)).Chunk(2).Select(pair => new string(pair)));

    /// <summary>
    /// Whether <paramref name="certificateDer"/> has the fingerprint SDP announced. Only sha-256 is accepted: it is
    /// what browsers send, and RFC 8122 §5 requires the strongest hash offered.
    /// </summary>
    public static bool Matches(ReadOnlySpan<byte> certificateDer, string? expected) =>
        expected is not null && string.Equals(Of(certificateDer), expected.Trim(), StringComparison.OrdinalIgnoreCase);
}

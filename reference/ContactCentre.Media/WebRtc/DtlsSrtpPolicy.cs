using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;

namespace ContactCentre.Media.WebRtc;

/// <summary>What both DTLS-SRTP roles share: DTLS 1.2 only, ECDHE-ECDSA suites, and the use_srtp profile we offer (RFC 5764 §4.1.2).</summary>
internal static class DtlsSrtpPolicy
{
    public const int Profile = SrtpProtectionProfile.SRTP_AES128_CM_HMAC_SHA1_80;

    // A handshake that has not finished in this long will not: the peer is gone or refused us.
    public const int HandshakeTimeoutMillis = 10_000;

    public static readonly int[] CipherSuites =
    [
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA,
    ];

    public static UseSrtpData UseSrtp() => new([Profile], TlsUtilities.EmptyBytes);

    public static bool OffersProfile(IDictionary<int, byte[]>? extensions)
    {
        var data = extensions is null ? null : TlsSrtpUtilities.GetUseSrtpExtension(extensions);
        return data is not null && Array.IndexOf(data.ProtectionProfiles, Profile) >= 0;
    }

    public static TlsCredentialedSigner Signer(TlsContext context, BcTlsCrypto crypto, DtlsCertificate certificate) =>
        new BcDefaultTlsCredentialedSigner(
            new TlsCryptoParameters(context),
            crypto,
            certificate.PrivateKey,
            new Certificate([crypto.CreateCertificate(certificate.Der)]),
            new SignatureAndHashAlgorithm(HashAlgorithm.sha256, SignatureAlgorithm.ecdsa));

    /// <summary>RFC 5763 §5: the peer's certificate must carry the fingerprint its SDP announced, or the call is not secure.</summary>
    public static void CheckFingerprint(Certificate? peer, string expected)
    {
        if (peer is null || peer.IsEmpty || !DtlsFingerprint.Matches(peer.GetCertificateAt(0).GetEncoded(), expected))
        {
            throw new TlsFatalAlert(AlertDescription.bad_certificate, "The peer's certificate does not match the SDP fingerprint.");
        }
    }

    public static DtlsSrtpKeys Export(TlsContext context) =>
        DtlsSrtpKeys.Split(context.ExportKeyingMaterial(DtlsSrtpKeys.ExporterLabel, null, DtlsSrtpKeys.MaterialLength));
}

using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Security;

namespace ContactCentre.Media.WebRtc;

/// <summary>
/// Our DTLS identity: a self-signed ECDSA P-256 certificate made at start (RFC 8827 §6.5 lets it be self-signed,
/// since the SDP fingerprint, not a CA, binds it to the call) and its SHA-256 fingerprint for a=fingerprint.
/// </summary>
public sealed class DtlsCertificate
{
    private DtlsCertificate(byte[] der, AsymmetricKeyParameter privateKey)
    {
        Der = der;
        PrivateKey = privateKey;
        Fingerprint = DtlsFingerprint.Of(der);
    }

    /// <summary>"sha-256 AB:CD:…", the value of the SDP a=fingerprint attribute (RFC 8122 §5).</summary>
    public string Fingerprint { get; }

    internal byte[] Der { get; }

    internal AsymmetricKeyParameter PrivateKey { get; }

    public static DtlsCertificate Generate(string commonName = "ContactCentre")
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={commonName}", key, HashAlgorithmName.SHA256);
        var now = DateTimeOffset.UtcNow;
        using var certificate = request.CreateSelfSigned(now.AddDays(-1), now.AddDays(30));
        return new DtlsCertificate(certificate.RawData, PrivateKeyFactory.CreateKey(key.ExportPkcs8PrivateKey()));
    }
}

using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;

namespace ContactCentre.Media.WebRtc;

/// <summary>Our DTLS server (a=setup:passive): asks for the client's certificate and checks it against the SDP.</summary>
internal sealed class DtlsSrtpServer(BcTlsCrypto crypto, DtlsCertificate certificate, string remoteFingerprint) : AbstractTlsServer(crypto)
{
    public DtlsSrtpKeys? Keys { get; private set; }

    public override int GetHandshakeTimeoutMillis() => DtlsSrtpPolicy.HandshakeTimeoutMillis;

    public override void ProcessClientExtensions(IDictionary<int, byte[]> clientExtensions)
    {
        base.ProcessClientExtensions(clientExtensions);
        if (!DtlsSrtpPolicy.OffersProfile(clientExtensions))
        {
            throw new TlsFatalAlert(AlertDescription.handshake_failure, "The client offered no SRTP profile we support.");
        }
    }

    public override IDictionary<int, byte[]> GetServerExtensions()
    {
        var extensions = base.GetServerExtensions();
        TlsSrtpUtilities.AddUseSrtpExtension(extensions, DtlsSrtpPolicy.UseSrtp());
        return extensions;
    }

    public override TlsCredentials GetCredentials() => DtlsSrtpPolicy.Signer(m_context, (BcTlsCrypto)Crypto, certificate);

    public override CertificateRequest GetCertificateRequest() =>
        new([ClientCertificateType.ecdsa_sign, ClientCertificateType.rsa_sign], TlsUtilities.GetDefaultSupportedSignatureAlgorithms(m_context), null);

    public override void NotifyClientCertificate(Certificate clientCertificate) => DtlsSrtpPolicy.CheckFingerprint(clientCertificate, remoteFingerprint);

    public override void NotifyHandshakeComplete()
    {
        base.NotifyHandshakeComplete();
        Keys = DtlsSrtpPolicy.Export(m_context);
    }

    protected override ProtocolVersion[] GetSupportedVersions() => ProtocolVersion.DTLSv12.Only();

    protected override int[] GetSupportedCipherSuites() => TlsUtilities.GetSupportedCipherSuites(Crypto, DtlsSrtpPolicy.CipherSuites);
}

using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;

namespace ContactCentre.Media.WebRtc;

/// <summary>Our DTLS client (a=setup:active): checks the server's certificate against the SDP and presents ours.</summary>
internal sealed class DtlsSrtpClient(BcTlsCrypto crypto, DtlsCertificate certificate, string remoteFingerprint) : DefaultTlsClient(crypto)
{
    private readonly DtlsCertificate _certificate = certificate;
    private readonly string _remoteFingerprint = remoteFingerprint;

    public DtlsSrtpKeys? Keys { get; private set; }

    public override int GetHandshakeTimeoutMillis() => DtlsSrtpPolicy.HandshakeTimeoutMillis;

    public override IDictionary<int, byte[]> GetClientExtensions()
    {
        var extensions = TlsExtensionsUtilities.EnsureExtensionsInitialised(base.GetClientExtensions());
        TlsSrtpUtilities.AddUseSrtpExtension(extensions, DtlsSrtpPolicy.UseSrtp());
        return extensions;
    }

    public override void ProcessServerExtensions(IDictionary<int, byte[]> serverExtensions)
    {
        base.ProcessServerExtensions(serverExtensions);
        if (!DtlsSrtpPolicy.OffersProfile(serverExtensions))
        {
            throw new TlsFatalAlert(AlertDescription.illegal_parameter, "The server chose no SRTP profile we offered.");
        }
    }

    public override TlsAuthentication GetAuthentication() => new Authentication(this);

    public override void NotifyHandshakeComplete()
    {
        base.NotifyHandshakeComplete();
        Keys = DtlsSrtpPolicy.Export(m_context);
    }

    protected override ProtocolVersion[] GetSupportedVersions() => ProtocolVersion.DTLSv12.Only();

    protected override int[] GetSupportedCipherSuites() => TlsUtilities.GetSupportedCipherSuites(Crypto, DtlsSrtpPolicy.CipherSuites);

    private sealed class Authentication(DtlsSrtpClient client) : TlsAuthentication
    {
        public void NotifyServerCertificate(TlsServerCertificate serverCertificate) =>
            DtlsSrtpPolicy.CheckFingerprint(serverCertificate.Certificate, client._remoteFingerprint);

        public TlsCredentials GetClientCredentials(CertificateRequest certificateRequest) =>
            DtlsSrtpPolicy.Signer(client.m_context, (BcTlsCrypto)client.Crypto, client._certificate);
    }
}

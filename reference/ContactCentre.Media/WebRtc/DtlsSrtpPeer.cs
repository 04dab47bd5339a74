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

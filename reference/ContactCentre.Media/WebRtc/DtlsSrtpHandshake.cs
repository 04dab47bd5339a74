using Org.BouncyCastle.Security;
using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;

namespace ContactCentre.Media.WebRtc;

/// <summary>
/// Runs a DTLS-SRTP handshake (RFC 5763, RFC 5764) over a <see cref="DtlsDatagramChannel"/> on a thread of its own,
/// since BouncyCastle's DTLS blocks while it waits for flights; completes with the exported SRTP keys, or faults
/// when the peer's certificate does not match <paramref name="remoteFingerprint"/> or the handshake times out.
/// </summary>
public static class DtlsSrtpHandshake
{
    /// <summary>As DTLS server: our SDP said a=setup:passive (the browser connects).</summary>
    public static Task<DtlsSrtpKeys> AcceptAsync(DtlsDatagramChannel channel, DtlsCertificate certificate, string remoteFingerprint) =>
        Run(() =>
        {
            var server = new DtlsSrtpServer(new BcTlsCrypto(new SecureRandom()), certificate, remoteFingerprint);
            new DtlsServerProtocol().Accept(server, channel);
            return server.Keys ?? throw new TlsFatalAlert(AlertDescription.internal_error, "No SRTP keys were exported.");
        });

    /// <summary>As DTLS client: our SDP said a=setup:active.</summary>
    public static Task<DtlsSrtpKeys> ConnectAsync(DtlsDatagramChannel channel, DtlsCertificate certificate, string remoteFingerprint) =>
        Run(() =>
        {
            var client = new DtlsSrtpClient(new BcTlsCrypto(new SecureRandom()), certificate, remoteFingerprint);
            new DtlsClientProtocol().Connect(client, channel);
            return client.Keys ?? throw new TlsFatalAlert(AlertDescription.internal_error, "No SRTP keys were exported.");
        });

    private static Task<DtlsSrtpKeys> Run(Func<DtlsSrtpKeys> handshake) =>
        Task.Factory.StartNew(handshake, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
}

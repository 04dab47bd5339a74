using System.Net;
using System.Net.Sockets;
using ContactCentre.Media.WebRtc;

namespace ContactCentre.Media.Tests.WebRtc;

/// <summary>Our DTLS server and our DTLS client (both BouncyCastle) over real UDP on 127.0.0.1.</summary>
[Trait("Category", "Integration")]
public sealed class DtlsSrtpHandshakeTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Server_and_client_handshake_and_derive_matching_SRTP_keys()
    {
        var serverCertificate = DtlsCertificate.Generate();
        var clientCertificate = DtlsCertificate.Generate();
        using var pair = new UdpPair();

        var server = DtlsSrtpHandshake.AcceptAsync(pair.A.Channel, serverCertificate, clientCertificate.Fingerprint);
        var client = DtlsSrtpHandshake.ConnectAsync(pair.B.Channel, clientCertificate, serverCertificate.Fingerprint);
        var serverKeys = await server.WaitAsync(Patience);
        var clientKeys = await client.WaitAsync(Patience);

        Assert.Equal(serverKeys, clientKeys, KeysComparer.Instance);
        Assert.NotEqual(serverKeys.ClientMasterKey, serverKeys.ServerMasterKey);
        Assert.Equal(16, serverKeys.ClientMasterKey.Length);
        Assert.Equal(14, serverKeys.ServerMasterSalt.Length);

        // What the client protects, the server unprotects, and back.
        using var clientSends = clientKeys.CreateSender(weAreClient: true);
        using var serverHears = serverKeys.CreateReceiver(weAreClient: false);
        using var serverSends = serverKeys.CreateSender(weAreClient: false);
        using var clientHears = clientKeys.CreateReceiver(weAreClient: true);
        Assert.True(RoundTrip(clientSends, serverHears));
        Assert.True(RoundTrip(serverSends, clientHears));
        Assert.False(RoundTrip(clientSends, clientHears));
    }

    [Fact]
    public async Task A_server_certificate_that_does_not_match_the_SDP_fingerprint_aborts_the_handshake()
    {
        var serverCertificate = DtlsCertificate.Generate();
        var clientCertificate = DtlsCertificate.Generate();
        var impostor = DtlsCertificate.Generate();
        using var pair = new UdpPair();

        var server = DtlsSrtpHandshake.AcceptAsync(pair.A.Channel, impostor, clientCertificate.Fingerprint);
        var client = DtlsSrtpHandshake.ConnectAsync(pair.B.Channel, clientCertificate, serverCertificate.Fingerprint);

        await Assert.ThrowsAnyAsync<Exception>(() => client.WaitAsync(Patience));
        await Assert.ThrowsAnyAsync<Exception>(() => server.WaitAsync(Patience));
    }

    [Fact]
    public async Task A_client_certificate_that_does_not_match_the_SDP_fingerprint_aborts_the_handshake()
    {
        var serverCertificate = DtlsCertificate.Generate();
        var clientCertificate = DtlsCertificate.Generate();
        var expectedClient = DtlsCertificate.Generate();
        using var pair = new UdpPair();

        var server = DtlsSrtpHandshake.AcceptAsync(pair.A.Channel, serverCertificate, expectedClient.Fingerprint);
        var client = DtlsSrtpHandshake.ConnectAsync(pair.B.Channel, clientCertificate, serverCertificate.Fingerprint);

        await Assert.ThrowsAnyAsync<Exception>(() => server.WaitAsync(Patience));
        await Assert.ThrowsAnyAsync<Exception>(() => client.WaitAsync(Patience));
    }

    [Fact]
    public void The_fingerprint_is_sha_256_of_the_certificate_in_colon_separated_hex()
    {
        var certificate = DtlsCertificate.Generate();

        Assert.Matches("^sha-256 ([0-9A-F]{2}:){31}[0-9A-F]{2}$", certificate.Fingerprint);
        Assert.NotEqual(certificate.Fingerprint, DtlsCertificate.Generate().Fingerprint);
    }

    private static bool RoundTrip(SrtpContext sender, SrtpContext receiver)
    {
        var packet = new byte[12 + 160 + SrtpContext.AuthTagLength];
        packet[0] = 0x80;
        packet[3] = 7;
        packet[11] = 9;
        packet.AsSpan(12, 160).Fill(0x55);
        sender.TryProtectRtp(packet, 172, out int length);
        return receiver.TryUnprotectRtp(packet.AsSpan(0, length), out int plain) && plain == 172 && packet[12] == 0x55;
    }

    private sealed class KeysComparer : IEqualityComparer<DtlsSrtpKeys>
    {
        public static readonly KeysComparer Instance = new();

        public bool Equals(DtlsSrtpKeys? x, DtlsSrtpKeys? y) =>
            x is not null && y is not null
            && x.ClientMasterKey.SequenceEqual(y.ClientMasterKey) && x.ClientMasterSalt.SequenceEqual(y.ClientMasterSalt)
            && x.ServerMasterKey.SequenceEqual(y.ServerMasterKey) && x.ServerMasterSalt.SequenceEqual(y.ServerMasterSalt);

        public int GetHashCode(DtlsSrtpKeys obj) => 0;
    }

    /// <summary>Two UDP sockets on 127.0.0.1, each feeding what it receives into a DTLS channel that sends to the other.</summary>
    private sealed class UdpPair : IDisposable
    {
        public UdpPair()
        {
            A = new UdpEnd();
            B = new UdpEnd();
            A.Connect(B);
            B.Connect(A);
        }

        public UdpEnd A { get; }

        public UdpEnd B { get; }

        public void Dispose()
        {
            A.Dispose();
            B.Dispose();
        }
    }

    private sealed class UdpEnd : IDisposable
    {
        private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        private IPEndPoint? _remote;

        public UdpEnd()
        {
            _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            Channel = new DtlsDatagramChannel(datagram => _socket.SendTo(datagram, SocketFlags.None, _remote!));
        }

        public DtlsDatagramChannel Channel { get; }

        public void Connect(UdpEnd other)
        {
            _remote = (IPEndPoint)other._socket.LocalEndPoint!;
            _ = ReceiveLoopAsync();
        }

        public void Dispose()
        {
            Channel.Close();
            _socket.Dispose();
        }

        private async Task ReceiveLoopAsync()
        {
            var buffer = new byte[2048];
            try
            {
                while (true)
                {
                    int length = await _socket.ReceiveAsync(buffer, SocketFlags.None);
                    Channel.Post(buffer.AsSpan(0, length));
                }
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
            {
                // Closed by the test.
            }
        }
    }
}

using System.Net;
using System.Net.Sockets;
using System.Text;
using ContactCentre.Media.WebRtc;

namespace ContactCentre.Media.Tests.WebRtc;

/// <summary>
/// What a browser does on the wire, built from this library's own parts: a full ICE agent's check with
/// USE-CANDIDATE, a DTLS client, and SRTP PCMU both ways, on one UDP socket on 127.0.0.1.
/// </summary>
internal sealed class BrowserLikePeer : IDisposable
{
    private const uint Ssrc = 0x0B0B0B0B;
    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly DtlsCertificate _certificate = DtlsCertificate.Generate("browser");
    private readonly IceCredentials _ice = IceCredentials.Generate();
    private readonly Lock _gate = new();
    private readonly List<short> _heard = [];
    private readonly TaskCompletionSource<short[]> _enough = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<StunMessage> _checkAnswered = new(TaskCreationOptions.RunContinuationsAsynchronously);
    // Each check's own answer, by transaction id: a later check must not complete with an earlier check's answer.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, TaskCompletionSource<StunMessage>> _checks = new();
    private readonly DtlsDatagramChannel _dtls;
    private IPEndPoint? _leg;
    private SrtpContext? _sender;
    private SrtpContext? _receiver;
    private int _wanted = int.MaxValue;
    private ushort _sequence = 65500; // crosses the 16-bit wrap within a few seconds of audio
    private uint _timestamp;

    public BrowserLikePeer()
    {
        _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _dtls = new DtlsDatagramChannel(record => _socket.SendTo(record, SocketFlags.None, _leg!));
        _ = ReceiveLoopAsync();
    }

    public IPEndPoint LocalEndPoint => (IPEndPoint)_socket.LocalEndPoint!;

    public Task<StunMessage> CheckAnswered => _checkAnswered.Task;

    /// <summary>An offer as Chrome writes one (abridged): BUNDLE, rtcp-mux, actpass, PCMU/PCMA/telephone-event.</summary>
    public string CreateOffer() =>
        "v=0\r\no=- 4611731400430051336 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=group:BUNDLE 0\r\na=msid-semantic: WMS\r\n" +
        $"m=audio {LocalEndPoint.Port} UDP/TLS/RTP/SAVPF 111 0 8 126\r\nc=IN IP4 127.0.0.1\r\n" +
        $"a=candidate:1 1 udp 2122260223 127.0.0.1 {LocalEndPoint.Port} typ host generation 0\r\n" +
        $"a=ice-ufrag:{_ice.Ufrag}\r\na=ice-pwd:{_ice.Password}\r\na=ice-options:trickle\r\n" +
        $"a=fingerprint:{_certificate.Fingerprint}\r\na=setup:actpass\r\na=mid:0\r\na=sendrecv\r\na=rtcp-mux\r\n" +
        "a=rtpmap:111 opus/48000/2\r\na=rtpmap:0 PCMU/8000\r\na=rtpmap:8 PCMA/8000\r\na=rtpmap:126 telephone-event/8000\r\n";

    /// <summary>Sends a connectivity check with USE-CANDIDATE, then runs DTLS as client; completes when SRTP is keyed.</summary>
    public async Task ConnectAsync(WebRtcSessionDescription answer, string? expectedFingerprint = null)
    {
        await CheckAsync(answer);
        var keys = await DtlsSrtpHandshake.ConnectAsync(_dtls, _certificate, expectedFingerprint ?? answer.Fingerprint).WaitAsync(RawRtpPeerPatience * 4);
        _receiver = keys.CreateReceiver(weAreClient: true);
        _sender = keys.CreateSender(weAreClient: true);
    }

    /// <summary>Sends one connectivity check (with USE-CANDIDATE) to the answer's candidate and completes with the leg's answer.</summary>
    public Task<StunMessage> CheckAsync(WebRtcSessionDescription answer)
    {
        _leg = answer.Candidates[0];
        var answered = new TaskCompletionSource<StunMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        SendCheck(answer.IceUfrag, answer.IcePassword, answered: answered);
        return answered.Task.WaitAsync(RawRtpPeerPatience);
    }

    /// <returns>The check's transaction id (hex).</returns>
    public string SendCheck(string legUfrag, string legPassword, bool useCandidate = true, TaskCompletionSource<StunMessage>? answered = null)
    {
        var buffer = new byte[256];
        var transactionId = Guid.NewGuid().ToByteArray().AsSpan(0, 12).ToArray();
        if (answered is not null)
        {
            _checks[Convert.ToHexString(transactionId)] = answered;
        }
        var writer = new StunMessageWriter(buffer, StunMessageType.BindingRequest, transactionId);
        writer.AddText(StunAttributeType.Username, $"{legUfrag}:{_ice.Ufrag}");
        writer.AddUInt32(StunAttributeType.Priority, 2122260223);
        writer.AddUInt64(StunAttributeType.IceControlling, 0x1122334455667788);
        if (useCandidate)
        {
            writer.AddAttribute(StunAttributeType.UseCandidate, []);
        }

        writer.AddMessageIntegrity(Encoding.UTF8.GetBytes(legPassword));
        int length = writer.AddFingerprint();
        _socket.SendTo(buffer.AsSpan(0, length), SocketFlags.None, _leg!);
        return Convert.ToHexString(transactionId);
    }

    /// <summary>Sends <paramref name="frames"/> 20 ms PCMU frames of a tone, SRTP-protected.</summary>
    public void SendTone(double frequency, int frames)
    {
        var tone = new ToneSource(frequency);
        var pcm = new short[160];
        var payload = new byte[160];
        var packet = new byte[12 + 160 + SrtpContext.AuthTagLength];
        for (var i = 0; i < frames; i++)
        {
            tone.Read(pcm);
            G711.Encode(AudioCodec.Pcmu, pcm, payload);
            RtpPacket.Write(packet, (byte)AudioCodec.Pcmu, i == 0, _sequence++, _timestamp, Ssrc, payload);
            _timestamp += 160;
            _sender!.TryProtectRtp(packet, 172, out int length);
            _socket.SendTo(packet.AsSpan(0, length), SocketFlags.None, _leg!);
        }
    }

    /// <summary>Sends a raw datagram to the leg (tampered or replayed SRTP, junk).</summary>
    public void SendRaw(ReadOnlySpan<byte> datagram) => _socket.SendTo(datagram, SocketFlags.None, _leg!);

    /// <summary>Completes with the first <paramref name="samples"/> samples of decoded audio heard from the leg.</summary>
    public Task<short[]> Hear(int samples)
    {
        Volatile.Write(ref _wanted, samples);
        return _enough.Task;
    }

    public void Dispose()
    {
        _dtls.Close();
        _socket.Dispose();
        _sender?.Dispose();
        _receiver?.Dispose();
    }

    private static TimeSpan RawRtpPeerPatience => TimeSpan.FromSeconds(5);

    private async Task ReceiveLoopAsync()
    {
        var buffer = new byte[2048];
        try
        {
            while (true)
            {
                int length = await _socket.ReceiveAsync(buffer, SocketFlags.None);
                OnDatagram(buffer.AsSpan(0, length));
            }
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // Closed by the test.
        }
    }

    private void OnDatagram(Span<byte> datagram)
    {
        if (datagram.IsEmpty)
        {
            return;
        }

        if (datagram[0] <= 3)
        {
            if (StunMessage.TryParse(datagram, out var answer))
            {
                _checkAnswered.TrySetResult(answer);
                if (_checks.TryRemove(Convert.ToHexString(answer.TransactionId), out var check))
                {
                    check.TrySetResult(answer);
                }
            }
        }
        else if (datagram[0] is >= 20 and <= 63)
        {
            _dtls.Post(datagram);
        }
        else if (_receiver is { } receiver && receiver.TryUnprotectRtp(datagram, out int length) && RtpPacket.TryParse(datagram[..length], out var rtp))
        {
            var pcm = new short[rtp.Payload.Length];
            G711.Decode(rtp.PayloadType == (byte)AudioCodec.Pcma ? AudioCodec.Pcma : AudioCodec.Pcmu, rtp.Payload, pcm);
            lock (_gate)
            {
                if (_heard.Count < Volatile.Read(ref _wanted))
                {
                    _heard.AddRange(pcm);
                    if (_heard.Count >= Volatile.Read(ref _wanted))
                    {
                        _enough.TrySetResult([.. _heard]);
                    }
                }
            }
        }
    }
}

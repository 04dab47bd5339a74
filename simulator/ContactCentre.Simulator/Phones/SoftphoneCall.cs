using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using ContactCentre.Media;
using ContactCentre.Media.WebRtc;

namespace ContactCentre.Simulator.Phones;

/// <summary>
/// A simulated agent's browser softphone on one call (docs/agent-protocol.md, "Softphone"): one UDP socket carrying what
/// a browser's peer connection carries to the contact centre's ICE-lite leg. It offers (actpass, PCMU/PCMA,
/// telephone-event, rtcp-mux), sends ICE checks as the controlling agent with USE-CANDIDATE (RFC 8445 §7.2.4) until one
/// is answered, runs DTLS as client (RFC 5763), and then speaks and hears SRTP (RFC 3711), 20 ms frames on its own
/// clock. It keeps consent (RFC 7675) with a check every few seconds.
/// </summary>
public sealed class SoftphoneCall : IAsyncDisposable
{
    private const int FrameSamples = 160;
    private const byte TelephoneEvent = 101;
    private static readonly TimeSpan CheckRetry = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan ConsentEvery = TimeSpan.FromSeconds(5);

    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly DtlsCertificate _certificate = DtlsCertificate.Generate("simulated softphone");
    private readonly IceCredentials _ice = IceCredentials.Generate();
    private readonly DtlsDatagramChannel _dtls;
    private readonly ConcurrentDictionary<string, TaskCompletionSource<StunMessage>> _checks = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly uint _ssrc = (uint)RandomNumberGenerator.GetInt32(int.MaxValue);
    private readonly Lock _gate = new();
    private IAudioSource? _voice;
    private volatile IPEndPoint? _remote;
    private (string Ufrag, string Password) _remoteIce;
    private volatile SrtpContext? _sender;
    private volatile SrtpContext? _receiver;
    private AudioCodec _codec = AudioCodec.Pcmu;
    private Task _receiving = Task.CompletedTask;
    private Task _speaking = Task.CompletedTask;
    private int _disposed;

    private SoftphoneCall(string callId, IPAddress address)
    {
        CallId = callId;
        _socket.Bind(new IPEndPoint(address, 0));
        _dtls = new DtlsDatagramChannel(record =>
        {
            if (_remote is { } remote) _socket.SendTo(record, SocketFlags.None, remote);
        });
    }

    /// <summary>The contact centre's call this softphone call belongs to (the <c>ring</c>'s "call").</summary>
    public string CallId { get; }

    public IPEndPoint LocalEndPoint => (IPEndPoint)_socket.LocalEndPoint!;

    /// <summary>Everything heard from the contact centre, decoded to 8 kHz PCM.</summary>
    public HeardAudio Heard { get; } = new();

    /// <summary>Completes once DTLS has keyed SRTP (after <see cref="ConnectAsync"/>).</summary>
    public bool IsConnected => _sender is not null;

    public static SoftphoneCall Open(string callId, IPAddress? address = null)
    {
        var call = new SoftphoneCall(callId, address ?? IPAddress.Loopback);
        call._receiving = call.ReceiveAsync();
        return call;
    }

    /// <summary>The SDP offer for <c>webrtcOffer</c>, as a browser writes one (abridged: one bundled audio m-line).</summary>
    public string CreateOffer()
    {
        var port = LocalEndPoint.Port;
        var host = LocalEndPoint.Address;
        return "v=0\r\n" +
               $"o=- {RandomNumberGenerator.GetInt32(int.MaxValue)} 2 IN IP4 {host}\r\ns=-\r\nt=0 0\r\na=group:BUNDLE 0\r\n" +
               $"m=audio {port} UDP/TLS/RTP/SAVPF 0 8 {TelephoneEvent}\r\nc=IN IP4 {host}\r\n" +
               $"a=candidate:1 1 udp 2122260223 {host} {port} typ host generation 0\r\n" +
               $"a=ice-ufrag:{_ice.Ufrag}\r\na=ice-pwd:{_ice.Password}\r\n" +
               $"a=fingerprint:{_certificate.Fingerprint}\r\na=setup:actpass\r\na=mid:0\r\na=sendrecv\r\na=rtcp-mux\r\n" +
               $"a=rtpmap:0 PCMU/8000\r\na=rtpmap:8 PCMA/8000\r\na=rtpmap:{TelephoneEvent} telephone-event/8000\r\n";
    }

    /// <summary>
    /// Takes the contact centre's <c>webrtcAnswer</c> SDP: checks ICE until the leg answers, then runs the DTLS
    /// handshake as client and starts speaking (silence until <see cref="Say"/>).
    /// </summary>
    public async Task ConnectAsync(string answerSdp, TimeSpan timeout)
    {
        var answer = WebRtcSdp.Parse(answerSdp);
        if (!answer.Setup.Equals("passive", StringComparison.OrdinalIgnoreCase))
            throw new InvalidOperationException($"The answer's a=setup is '{answer.Setup}'; the simulated softphone is a DTLS client only (it expects passive).");
        _remote = answer.Candidates.FirstOrDefault() ?? throw new FormatException("The answer has no host candidate.");
        _remoteIce = (answer.IceUfrag, answer.IcePassword);
        _codec = answer.ChooseCodec();

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
        deadline.CancelAfter(timeout);
        // A lost check is sent again; the first answered one nominates the pair (the leg sends to where it came from).
        while (true)
        {
            var answered = SendCheck(useCandidate: true);
            var done = await Task.WhenAny(answered, Task.Delay(CheckRetry, deadline.Token)).ConfigureAwait(false);
            if (done == answered)
            {
                var response = await answered.ConfigureAwait(false);
                if (response.Type != StunMessageType.BindingSuccessResponse)
                    throw new InvalidOperationException($"The contact centre refused the ICE check ({response.ErrorCode}).");
                break;
            }
            deadline.Token.ThrowIfCancellationRequested();
        }

        var keys = await DtlsSrtpHandshake.ConnectAsync(_dtls, _certificate, answer.Fingerprint).WaitAsync(timeout, _stop.Token).ConfigureAwait(false);
        _receiver = keys.CreateReceiver(weAreClient: true);
        _sender = keys.CreateSender(weAreClient: true);
        _speaking = SpeakAsync(_stop.Token);
    }

    /// <summary>What the agent says into the softphone (a tone, a WAV), replacing what it said before.</summary>
    public void Say(IAudioSource audio)
    {
        lock (_gate) _voice = audio;
    }

    public void SayTone(double frequencyHz) => Say(new ToneSource(frequencyHz, 8000));

    /// <summary>A connectivity check (RFC 8445 §7.2.4) as the controlling agent; completes with the leg's answer to it.</summary>
    private Task<StunMessage> SendCheck(bool useCandidate)
    {
        var buffer = new byte[256];
        var transactionId = RandomNumberGenerator.GetBytes(12);
        var answered = new TaskCompletionSource<StunMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        _checks[Convert.ToHexString(transactionId)] = answered;
        var writer = new StunMessageWriter(buffer, StunMessageType.BindingRequest, transactionId);
        writer.AddText(StunAttributeType.Username, $"{_remoteIce.Ufrag}:{_ice.Ufrag}");
        writer.AddUInt32(StunAttributeType.Priority, 2122260223);
        writer.AddUInt64(StunAttributeType.IceControlling, (ulong)RandomNumberGenerator.GetInt32(int.MaxValue));
        if (useCandidate) writer.AddAttribute(StunAttributeType.UseCandidate, []);
        writer.AddMessageIntegrity(Encoding.UTF8.GetBytes(_remoteIce.Password));
        var length = writer.AddFingerprint();
        _socket.SendTo(buffer.AsSpan(0, length), SocketFlags.None, _remote!);
        return answered.Task;
    }

    /// <summary>Sends a 20 ms frame every 20 ms (silence when there is nothing to say), and a consent check every few seconds.</summary>
    private async Task SpeakAsync(CancellationToken stop)
    {
        var pcm = new short[FrameSamples];
        var payload = new byte[FrameSamples];
        var packet = new byte[12 + FrameSamples + SrtpContext.AuthTagLength];
        ushort sequence = (ushort)RandomNumberGenerator.GetInt32(ushort.MaxValue);
        uint timestamp = (uint)RandomNumberGenerator.GetInt32(int.MaxValue);
        var first = true;
        var sinceConsent = TimeSpan.Zero;
        using var clock = new PeriodicTimer(TimeSpan.FromMilliseconds(20));
        try
        {
            while (await clock.WaitForNextTickAsync(stop).ConfigureAwait(false))
            {
                Array.Clear(pcm);
                lock (_gate)
                {
                    if (_voice is { } voice && voice.Read(pcm) == 0) _voice = null;
                }
                G711.Encode(_codec, pcm, payload);
                var length = RtpPacket.Write(packet, (byte)_codec, first, sequence++, timestamp, _ssrc, payload);
                first = false;
                timestamp += FrameSamples;
                if (_sender is { } sender && sender.TryProtectRtp(packet, length, out var protectedLength))
                    _socket.SendTo(packet.AsSpan(0, protectedLength), SocketFlags.None, _remote!);
                sinceConsent += TimeSpan.FromMilliseconds(20);
                if (sinceConsent >= ConsentEvery)
                {
                    sinceConsent = TimeSpan.Zero;
                    _ = SendCheck(useCandidate: false);
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
        {
            // The call is over (disposed), or the socket went with it.
        }
    }

    private async Task ReceiveAsync()
    {
        var buffer = new byte[2048];
        try
        {
            while (true)
            {
                var length = await _socket.ReceiveAsync(buffer, SocketFlags.None, _stop.Token).ConfigureAwait(false);
                try
                {
                    OnDatagram(buffer.AsSpan(0, length));
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    // Whatever arrives, the softphone keeps listening.
                    System.Diagnostics.Trace.TraceWarning($"Simulated softphone {LocalEndPoint}: dropped a datagram: {e.Message}");
                }
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or OperationCanceledException)
        {
            // Closed.
        }
    }

    /// <summary>RFC 7983 §7: the first byte tells STUN (0–3), DTLS (20–63) and SRTP/SRTCP (128–191) apart.</summary>
    private void OnDatagram(Span<byte> datagram)
    {
        if (datagram.IsEmpty) return;
        if (datagram[0] <= 3)
        {
            if (StunMessage.TryParse(datagram, out var message)
                && _checks.TryRemove(Convert.ToHexString(message.TransactionId), out var check))
                check.TrySetResult(message);
            return;
        }
        if (datagram[0] is >= 20 and <= 63)
        {
            _dtls.Post(datagram);
            return;
        }
        // RFC 5761 §4: with rtcp-mux, RTCP has packet types 192–223 where RTP's marker and payload type are.
        if (datagram.Length < 2 || datagram[1] is >= 192 and <= 223) return;
        if (_receiver is not { } receiver || !receiver.TryUnprotectRtp(datagram, out var length)
            || !RtpPacket.TryParse(datagram[..length], out var rtp))
            return;
        if (rtp.PayloadType is not ((byte)AudioCodec.Pcmu or (byte)AudioCodec.Pcma)) return;
        Span<short> pcm = stackalloc short[rtp.Payload.Length];
        G711.Decode(rtp.PayloadType == (byte)AudioCodec.Pcma ? AudioCodec.Pcma : AudioCodec.Pcmu, rtp.Payload, pcm);
        Heard.Append(pcm);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        await _stop.CancelAsync().ConfigureAwait(false);
        _dtls.Close();
        _socket.Dispose();
        await Task.WhenAll(_receiving, _speaking).ConfigureAwait(false);
        _sender?.Dispose();
        _receiver?.Dispose();
        _stop.Dispose();
    }
}

using System.Buffers;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;

namespace ContactCentre.Media;

/// <summary>
/// One RTP audio stream (RFC 3550, profile RFC 3551) on its own UDP socket: plays prompts paced by the
/// <see cref="MediaClock"/>, decodes what the far end sends, and sends and detects RFC 4733 DTMF.
/// One SSRC for the session's lifetime; the sequence number grows by one per packet and the timestamp
/// by one frame per clock tick, across prompt changes and silences; the first packet after a silence or a
/// change of prompt carries the marker bit. When nothing plays (and the session is not bridged) nothing is
/// sent. Events are raised on socket threads (<see cref="AudioReceived"/>, <see cref="DtmfReceived"/>) or
/// the thread pool (<see cref="PlaybackFinished"/>), never on the clock thread.
/// </summary>
public sealed partial class RtpSession : IDisposable, IClockedSession, IEncodedMediaLeg, IDatagramSink
{
    private const int ReceiveBufferSize = 2048;
    private const int MaxAudioPayload = 1024;
    private static readonly TimeSpan DefaultDtmfDuration = TimeSpan.FromMilliseconds(100);

    /// <summary>How long the latched address must be silent before packets from another address re-latch.</summary>
    public static readonly TimeSpan RelatchAfterSilence = TimeSpan.FromSeconds(2);

    // Bridged audio arriving this many ticks late is network jitter, not a pause in the far party's stream.
    private const int BridgedPauseTicks = 3;
    private static readonly long s_epoch = Stopwatch.GetTimestamp();
    private static int s_openSessions;

    private readonly Socket _socket;
    private readonly MediaClock _clock;
    private readonly Lock _sendGate = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentQueue<DtmfTransmission> _dtmfQueue = new();
    private readonly DtmfDetector _dtmfDetector = new();
    private readonly uint _ssrc;
    private readonly ReceptionStatistics _reception = new();
    private readonly RtcpChannel _rtcp;
    private readonly DtmfToneDetector? _toneDetector;
    private readonly DtmfDigit[] _expiredDigit = new DtmfDigit[1];
    private readonly ReceiveThreads.Registration? _received;
    private long _octetsSent;
    private bool _bargeIn;
    private int _idleBridgedTicks;
    private TimeSpan _lastHeardFromRemote;

    private ushort _sequence;
    private uint _timestamp;
    private bool _markNext = true;
    private IAudioSource? _playing;
    private DtmfTransmission? _dtmf;
    private IPEndPoint? _remote;
    private SocketAddress? _remoteAddress;
    private volatile bool _latched;
    private volatile IPacketTransform? _transform;
    private volatile IMediaConnection? _connection;
    private int _payloadTypeForEvents = 101;
    private long _packetsSent;
    private long _packetsReceived;
    private long _invalidPackets;
    private long _packetsFromElsewhere;
    private int _disposed;

    // Kernel forwarding (KernelForwarding): whether this session may take part, the route by which packets arriving
    // at another session go out as ours (guarded by the send lock), the session our arriving packets go out of, and
    // the header of the last audio packet received, from which a route's shifts are computed.
    private readonly bool _kernelForwarding;
    private KernelRoute? _egress;
    private volatile RtpSession? _ingressTo;
    private uint _slot;
    private uint _lastInSsrc;
    private ushort _lastInSequence;
    private uint _lastInTimestamp;
    private int _lastInSamples;
    private byte _lastInPayloadType;

    private RtpSession(Socket socket, MediaClock clock, RtpSessionOptions options)
    {
        _socket = socket;
        _clock = clock;
        LocalEndPoint = (IPEndPoint)socket.LocalEndPoint!;
        Playout = new JitterBuffer(options.PlayoutDelay, clock.SamplesPerFrame);
        _toneDetector = options.InBandDtmf ? new DtmfToneDetector() : null;
        _kernelForwarding = options.KernelForwarding || KernelForwarding.RequestedByEnvironment;
        _rtcp = new RtcpChannel(this, socket, options.RtcpMux, _reception, options.RtcpInterval, Now, RaiseReport);
        // RFC 3550 §5.1: SSRC, first sequence number and first timestamp are random.
        _ssrc = (uint)Random.Shared.NextInt64(0, 1L << 32);
        _sequence = (ushort)Random.Shared.Next(0, 1 << 16);
        _timestamp = (uint)Random.Shared.NextInt64(0, 1L << 32);
        try
        {
            _clock.Register(this);
        }
        catch
        {
            _rtcp.Dispose(); // its own port, when not muxed
            throw;
        }

        Interlocked.Increment(ref s_openSessions);
        // The shared receive threads where the platform has them; an async loop on the thread pool otherwise.
        _received = ReceiveThreads.Shared?.Register(socket, this);
        ReceiveLoop = _received?.Stopped ?? ReceiveLoopAsync();
    }

    /// <summary>A prompt ended: ran out, or (played with barge-in) was stopped by a digit.</summary>
    public event Action<RtpSession, IAudioSource>? PlaybackFinished;

    /// <summary>Like <see cref="PlaybackFinished"/>, raised just after it, saying whether a digit interrupted the prompt.</summary>
    public event Action<RtpSession, PlaybackEnd>? PlaybackEnded;

    /// <summary>Each RTCP SR or RR the far end sends, on the socket thread.</summary>
    public event Action<RtpSession, RtcpReport>? RtcpReportReceived;

    /// <summary>Each digit received (RFC 4733, or in-band tones when enabled) with how long it was held.</summary>
    public event Action<RtpSession, DtmfDigit>? DigitReceived;

    /// <summary>Decoded PCM of each received PCMU/PCMA packet (not telephone events), on the socket thread.</summary>
    public event AudioFrameHandler? AudioReceived;

    /// <summary>Undecoded PCMU/PCMA frames, for a bridge that forwards them as they are; raised before <see cref="AudioReceived"/>.</summary>
    internal event EncodedFrameHandler? EncodedAudioReceived;

    event EncodedFrameHandler? IEncodedMediaLeg.EncodedAudioReceived
    {
        add => EncodedAudioReceived += value;
        remove => EncodedAudioReceived -= value;
    }

    /// <summary>Each RFC 4733 DTMF event, exactly once (and in-band tones when <see cref="RtpSessionOptions.InBandDtmf"/> is on).</summary>
    public event Action<RtpSession, char>? DtmfReceived;

    /// <summary>Sessions opened and not yet disposed in this process, so tests can prove nothing leaks.</summary>
    public static int OpenSessionCount => Volatile.Read(ref s_openSessions);

    public IPEndPoint LocalEndPoint { get; }

    /// <summary>
    /// Where to send, from SDP. Symmetric RTP (RFC 4961): the source of the first valid RTP packet received
    /// after this is set replaces it, so a caller behind NAT is reached where it really is; from then on RTP
    /// from other addresses is dropped (<see cref="PacketsFromElsewhere"/>) until the latched one has been silent
    /// for <see cref="RelatchAfterSilence"/>.
    /// </summary>
    public IPEndPoint? RemoteEndPoint
    {
        get
        {
            lock (_sendGate)
            {
                return _remote;
            }
        }

        set
        {
            // An address of the other family (an IPv6 c= line offered to an IPv4 session, as linphone does)
            // cannot be reached from this socket: send nothing until the peer's first packet is latched.
            if (value is not null && value.AddressFamily != LocalEndPoint.AddressFamily)
            {
                value = null;
            }
            lock (_sendGate)
            {
                _remote = value;
                _remoteAddress = value?.Serialize();
                _latched = false;
                EndEgress();
            }

            EndIngress();
        }
    }

    /// <summary>
    /// Points the session at what offer/answer agreed: the remote RTP address, the codec by its RTP encoding
    /// name (PCMU or PCMA, RFC 3551 §6) and, when agreed, the telephone-event payload type (RFC 4733).
    /// </summary>
    public void UseNegotiated(IPEndPoint remote, string encodingName, int? telephoneEventPayloadType)
    {
        RemoteEndPoint = remote;
        Codec = encodingName.Equals("PCMA", StringComparison.OrdinalIgnoreCase) ? AudioCodec.Pcma : AudioCodec.Pcmu;
        if (telephoneEventPayloadType is { } pt)
        {
            TelephoneEventPayloadType = pt;
        }
    }

    /// <summary>The codec this session sends; received packets are decoded by their own payload type.</summary>
    public AudioCodec Codec
    {
        get => _codec;
        set
        {
            lock (_sendGate)
            {
                _codec = value;
                EndEgress();
            }
        }
    }

    private AudioCodec _codec = AudioCodec.Pcmu;

    /// <summary>Dynamic payload type negotiated for RFC 4733 telephone-event.</summary>
    public int TelephoneEventPayloadType
    {
        get => Volatile.Read(ref _payloadTypeForEvents);
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, 127);
            Volatile.Write(ref _payloadTypeForEvents, value);
        }
    }

    public long PacketsSent => Interlocked.Read(ref _packetsSent);

    /// <summary>Payload octets sent, for the RTCP sender report (RFC 3550 §6.4.1).</summary>
    public long OctetsSent => Interlocked.Read(ref _octetsSent);

    /// <summary>RFC 3550 receive statistics of the far end's stream: loss, jitter, highest sequence.</summary>
    public ReceptionStatistics Reception => _reception;

    /// <summary>
    /// Received audio in a fixed-delay jitter buffer, for whatever consumes it at a steady pace; filled from its first
    /// <see cref="JitterBuffer.Read"/> on (which plays silence until packets come).
    /// </summary>
    public JitterBuffer Playout { get; }

    /// <summary>The far end's most recent RTCP SR or RR; its block for our <see cref="Ssrc"/> says how it hears us.</summary>
    public RtcpReport? LastReceivedReport => _rtcp.LastReport;

    /// <summary>True once the far end sent RTCP BYE.</summary>
    public bool RemoteSaidGoodbye => _rtcp.RemoteSaidGoodbye;

    /// <summary>Our RTCP port when RTCP is not muxed (RTP port + 1), or null (muxed, or that port was taken).</summary>
    public IPEndPoint? RtcpEndPoint => _rtcp.LocalEndPoint;

    internal uint CurrentTimestamp => Volatile.Read(ref _timestamp);

    internal static TimeSpan Now => Stopwatch.GetElapsedTime(s_epoch);

    /// <summary>Valid RTP packets received (audio, events or other payload types).</summary>
    public long PacketsReceived => Interlocked.Read(ref _packetsReceived);

    /// <summary>RTP from another address while the latched far end was talking (see <see cref="RemoteEndPoint"/>); counted and dropped.</summary>
    public long PacketsFromElsewhere => Interlocked.Read(ref _packetsFromElsewhere);

    /// <summary>Datagrams that were not RTP version 2 or were truncated; counted and dropped.</summary>
    public long InvalidPacketsReceived => Interlocked.Read(ref _invalidPackets);

    public uint Ssrc => _ssrc;

    public bool IsDisposed => Volatile.Read(ref _disposed) != 0;

    /// <summary>Completes when the receive loop has stopped (after <see cref="Dispose"/>).</summary>
    internal Task ReceiveLoop { get; }

    /// <summary>True while a bridge or mixer has this session's outbound audio.</summary>
    public bool IsBridged => _connection is not null;

    public MediaClock Clock => _clock;

    /// <summary>
    /// Set before media flows to secure the session (a WebRTC leg's SRTP, STUN and DTLS): every datagram received goes
    /// through it, and every packet sent is protected by it. Null for plain RTP.
    /// </summary>
    internal IPacketTransform? PacketTransform
    {
        get => _transform;
        set
        {
            _transform = value;
            EndKernelRoutes();
        }
    }

    /// <summary>Sends a datagram as is (a STUN answer, a DTLS record) from this session's socket.</summary>
    internal void SendDatagram(ReadOnlySpan<byte> datagram, IPEndPoint to)
    {
        try
        {
            _socket.SendTo(datagram, SocketFlags.None, to);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // UDP: a failed send is a lost packet.
        }
    }

    /// <summary>Binds a UDP socket on an ephemeral port of <paramref name="localAddress"/>, even if the system offers one.</summary>
    public static RtpSession Open(IPAddress localAddress, MediaClock? clock = null, RtpSessionOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(localAddress);
        var socket = BindPreferringEvenPort(localAddress);
        try
        {
            return new RtpSession(socket, clock ?? MediaClock.Shared, options ?? new RtpSessionOptions());
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Starts <paramref name="source"/> in place of whatever was playing (which is not reported as finished).</summary>
    public void Play(IAudioSource source) => Play(source, bargeIn: false);

    /// <summary>As <see cref="Play(IAudioSource)"/>; with <paramref name="bargeIn"/>, a digit received stops the prompt.</summary>
    public void Play(IAudioSource source, bool bargeIn)
    {
        ArgumentNullException.ThrowIfNull(source);
        ObjectDisposedException.ThrowIf(IsDisposed, this);
        lock (_sendGate)
        {
            _playing = source;
            _bargeIn = bargeIn;
            _markNext = true;
            EndEgress();
        }
    }

    public void StopPlayback()
    {
        lock (_sendGate)
        {
            _playing = null;
            _bargeIn = false;
            _markNext = true;
        }
    }

    /// <summary>
    /// Sends <paramref name="digit"/> as RFC 4733 events, after any digits already queued; audio pauses
    /// meanwhile. Completes once the last end packet is sent.
    /// </summary>
    public Task SendDtmfAsync(char digit, TimeSpan? duration = null)
    {
        if (!TelephoneEvent.TryGetEventCode(digit, out byte code))
        {
            throw new ArgumentException($"'{digit}' is not a DTMF digit (0-9, *, #, A-D).", nameof(digit));
        }

        ObjectDisposedException.ThrowIf(IsDisposed, this);
        var length = duration ?? DefaultDtmfDuration;
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(length, TimeSpan.Zero, nameof(duration));
        int updates = Math.Max(1, (int)Math.Ceiling(length / _clock.Frame));
        var transmission = new DtmfTransmission(code, updates);
        _dtmfQueue.Enqueue(transmission);
        if (Volatile.Read(ref _egress) is not null)
        {
            lock (_sendGate)
            {
                EndEgress();
            }
        }

        if (IsDisposed)
        {
            FailPendingDigits();
        }

        return transmission.Completion.Task;
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _clock.Unregister(this);
        // Before the socket closes, so no route names a port that may be reused.
        EndKernelRoutes();
        // The bridge or mixer releases the other legs, so they can join another conversation.
        _connection?.LegEnded(this);

        _rtcp.Dispose();
        _stop.Cancel();
        _received?.Unregister();
        _socket.Dispose();
        if (_slot != 0)
        {
            KernelForwarding.Shared?.ReleaseSlot(_slot);
        }

        FailPendingDigits();
        Interlocked.Decrement(ref s_openSessions);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    void IClockedSession.OnTick()
    {
        if (IsDisposed)
        {
            return;
        }

        int samples = _clock.SamplesPerFrame;
        Span<short> pcm = stackalloc short[samples];
        Span<byte> packet = stackalloc byte[RtpPacket.FixedHeaderLength + Math.Max(samples, TelephoneEvent.PayloadLength)];
        IAudioSource? finished = null;
        DtmfTransmission? sentDigit = null;
        lock (_sendGate)
        {
            if (_dtmf is null && _dtmfQueue.TryDequeue(out var next))
            {
                _dtmf = next;
                next.Start(_timestamp);
            }

            if (_dtmf is { } digit)
            {
                bool first = digit.IsFirst;
                int length = RtpPacket.FixedHeaderLength + digit.Next(samples).WriteTo(packet[RtpPacket.FixedHeaderLength..]);
                RtpPacket.WriteHeader(packet, (byte)TelephoneEventPayloadType, first, _sequence++, digit.Timestamp, _ssrc);
                Send(packet[..length]);
                if (digit.IsComplete)
                {
                    _dtmf = null;
                    sentDigit = digit;
                    _markNext = true;
                }

                _timestamp += (uint)samples;
            }
            else if (_playing is { } source)
            {
                int read = source.Read(pcm);
                if (read == 0)
                {
                    finished = source;
                    _playing = null;
                    _markNext = true;
                }
                else
                {
                    pcm[read..].Clear();
                    SendAudio(pcm, packet);
                }

                _timestamp += (uint)samples;
            }
            else if (_connection is null)
            {
                // Silence: time passes for the receiver's playout, and the next packet starts a talkspurt.
                _timestamp += (uint)samples;
                _markNext = true;
            }
            else
            {
                // Bridged and idle: the bridge sends as packets arrive and advances the timestamp by their samples;
                // ticks without any are counted so that a real pause shows (SendBridged). Not while the kernel sends.
                if (_egress is null)
                {
                    _idleBridgedTicks++;
                }
            }

            if (_dtmf is not null || _playing is not null)
            {
                _idleBridgedTicks = 0;
            }
        }

        sentDigit?.Completion.TrySetResult();
        if (finished is not null)
        {
            ThreadPool.QueueUserWorkItem(static state => state.Session.RaisePlaybackFinished(state.Source, null), (Session: this, Source: finished), preferLocal: false);
        }

        OnReceiveTick();
    }

    /// <summary>Receive-side work paced by the clock: RTCP reports, and digits whose end packets never came.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void OnReceiveTick()
    {
        var now = Now;
        _rtcp.OnTick(now);
        if (_dtmfDetector.Expire(now, _expiredDigit) > 0)
        {
            // Raised on the pool, as the receive loop would, never on the clock thread.
            ThreadPool.QueueUserWorkItem(static state => state.Session.RaiseDigit(state.Digit), (Session: this, Digit: _expiredDigit[0]), preferLocal: false);
        }
    }

    /// <summary>Sends audio from the bridge or mixer, re-encoded in this session's codec.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal void SendBridged(ReadOnlySpan<short> pcm)
    {
        if (IsDisposed || pcm.IsEmpty)
        {
            return;
        }

        pcm = pcm[..Math.Min(pcm.Length, MaxAudioPayload)];
        Span<byte> packet = stackalloc byte[RtpPacket.FixedHeaderLength + pcm.Length];
        lock (_sendGate)
        {
            if (TakeBridgedTurn())
            {
                SendAudio(pcm, packet);
                _timestamp += (uint)pcm.Length;
            }
        }
    }

    /// <summary>Sends a frame from the bridge as it came when it is in this session's codec; transcodes it otherwise.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal void SendBridgedEncoded(AudioCodec codec, ReadOnlySpan<byte> payload)
    {
        if (IsDisposed || payload.IsEmpty)
        {
            return;
        }

        payload = payload[..Math.Min(payload.Length, MaxAudioPayload)];
        if (codec != Codec)
        {
            Span<short> pcm = stackalloc short[payload.Length];
            G711.Decode(codec, payload, pcm);
            SendBridged(pcm);
            return;
        }

        Span<byte> packet = stackalloc byte[RtpPacket.FixedHeaderLength + payload.Length];
        lock (_sendGate)
        {
            if (_egress is not null)
            {
                // A packet the kernel's route did not take (another SSRC, a full ring): hand back, send it, and the
                // bridge may hand over again with the new stream's shifts.
                EndEgress();
            }

            if (TakeBridgedTurn())
            {
                payload.CopyTo(packet[RtpPacket.FixedHeaderLength..]);
                SendPayload(codec, packet);
                _timestamp += (uint)payload.Length;
            }
        }
    }

    /// <summary>Whether a bridged frame may go out now, marking a pause before it; caller holds the send lock.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool TakeBridgedTurn()
    {
        // A prompt or a digit being sent on this side takes precedence over the far party's audio.
        if (_dtmf is not null || _playing is not null || !_dtmfQueue.IsEmpty)
        {
            return false;
        }

        if (_idleBridgedTicks > BridgedPauseTicks)
        {
            // The far party paused (silence suppression, CN, a lost stretch): our timestamp covers the pause
            // and the marker starts a new talkspurt (RFC 3551 §4.1), as when a prompt follows silence.
            _timestamp += (uint)((_idleBridgedTicks - 1) * _clock.SamplesPerFrame);
            _markNext = true;
        }

        _idleBridgedTicks = 0;
        return true;
    }

    void IMediaLeg.SendConnected(ReadOnlySpan<short> pcm) => SendBridged(pcm);

    void IEncodedMediaLeg.SendConnectedEncoded(AudioCodec codec, ReadOnlySpan<byte> payload) => SendBridgedEncoded(codec, payload);

    bool IMediaLeg.TryConnect(IMediaConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ObjectDisposedException.ThrowIf(IsDisposed, this);
        return Interlocked.CompareExchange(ref _connection, connection, null) is null;
    }

    void IMediaLeg.Disconnect(IMediaConnection connection) => Interlocked.CompareExchange(ref _connection, null, connection);

    private static Socket BindPreferringEvenPort(IPAddress address)
    {
        // RFC 3550 §11: RTP on an even port, RTCP on the next odd one.
        var socket = new Socket(address.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(address, 0));
        int port = ((IPEndPoint)socket.LocalEndPoint!).Port;
        if (port % 2 == 0 || port == IPEndPoint.MaxPort)
        {
            return socket;
        }

        var even = new Socket(address.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            even.Bind(new IPEndPoint(address, port + 1));
            socket.Dispose();
            return even;
        }
        catch (SocketException)
        {
            even.Dispose();
            return socket;
        }
    }

    /// <summary>Encodes a frame after the header in <paramref name="packet"/> and sends it; caller holds the send lock.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void SendAudio(ReadOnlySpan<short> pcm, Span<byte> packet)
    {
        var codec = Codec;
        G711.Encode(codec, pcm, packet[RtpPacket.FixedHeaderLength..]);
        SendPayload(codec, packet[..(RtpPacket.FixedHeaderLength + pcm.Length)]);
    }

    /// <summary>Writes our header before the payload already in <paramref name="packet"/> and sends it; caller holds the send lock.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void SendPayload(AudioCodec codec, Span<byte> packet)
    {
        RtpPacket.WriteHeader(packet, (byte)codec, _markNext, _sequence++, _timestamp, _ssrc);
        _markNext = false;
        Send(packet);
    }

    /// <summary>An RTCP compound for the RTP port (rtcp-mux): protected like media when the leg is secured.</summary>
    internal void SendRtcp(ReadOnlySpan<byte> compound)
    {
        lock (_sendGate)
        {
            Send(compound, isMedia: false);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Send(ReadOnlySpan<byte> datagram, bool isMedia = true)
    {
        if (_remoteAddress is not { } remote)
        {
            return;
        }

        var transform = _transform;
        if (transform is not null)
        {
            Span<byte> secured = stackalloc byte[datagram.Length + transform.MaxOverhead];
            datagram.CopyTo(secured);
            if (transform.TryProtect(secured, datagram.Length, out int length))
            {
                SendToRemote(secured[..length], remote, isMedia ? datagram.Length : -1);
            }

            return;
        }

        SendToRemote(datagram, remote, isMedia ? datagram.Length : -1);
    }

    /// <param name="mediaLength">The plain RTP packet's length, counted for the sender report (§6.4.1); -1 for RTCP.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void SendToRemote(ReadOnlySpan<byte> datagram, SocketAddress remote, int mediaLength)
    {
        try
        {
            _socket.SendTo(datagram, SocketFlags.None, remote);
            if (mediaLength >= 0)
            {
                Interlocked.Increment(ref _packetsSent);
                Interlocked.Add(ref _octetsSent, mediaLength - RtpPacket.FixedHeaderLength);
            }
        }
        catch (SocketException)
        {
            // UDP: a failed send is a lost packet, nothing more.
        }
        catch (ObjectDisposedException)
        {
            // Disposed while a tick was in flight.
        }
    }

    private async Task ReceiveLoopAsync()
    {
        byte[] buffer = ArrayPool<byte>.Shared.Rent(ReceiveBufferSize);
        var from = new SocketAddress(_socket.AddressFamily);
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                int length;
                try
                {
                    length = await _socket.ReceiveFromAsync(buffer, SocketFlags.None, from, _stop.Token).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException || (ex is SocketException && IsDisposed))
                {
                    break;
                }
                catch (SocketException ex) when (ex.SocketErrorCode is SocketError.ConnectionReset or SocketError.ConnectionRefused or SocketError.MessageSize)
                {
                    // An ICMP port-unreachable for an earlier send, or an oversized datagram: lose it and carry on.
                    continue;
                }
                catch (SocketException ex)
                {
                    Trace.TraceError($"RTP session {LocalEndPoint}: receiving stopped: {ex.SocketErrorCode}");
                    break;
                }

                OnReceived(buffer.AsSpan(0, length), from);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>A datagram from the socket, by the receive threads or the async loop: unprotected first when secured.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void OnReceived(Span<byte> datagram, SocketAddress from)
    {
        var transform = _transform;
        if (transform is not null && !transform.TryAccept(datagram, from, out datagram))
        {
            return;
        }

        OnDatagram(datagram, from);
    }

    void IDatagramSink.OnReceived(Span<byte> datagram, SocketAddress from) => OnReceived(datagram, from);

    /// <summary>
    /// A packet the kernel already forwarded out of the bridged leg, as it came, on this session's receive thread:
    /// everything a received packet does except the forwarding.
    /// </summary>
    internal void OnForwardedByKernel(ReadOnlySpan<byte> rtp)
    {
        if (_remoteAddress is { } from)
        {
            OnDatagram(rtp, from, forwarded: true);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void OnDatagram(ReadOnlySpan<byte> datagram, SocketAddress from, bool forwarded = false)
    {
        if (IsDisposed)
        {
            return;
        }

        var now = Now;
        if (RtcpCompound.LooksLikeRtcp(datagram))
        {
            // RFC 5761 §4: RTCP on the RTP port (rtcp-mux, or a peer that muxes anyway).
            _rtcp.OnDatagram(datagram, from, now, onOwnSocket: false);
            return;
        }

        if (!RtpPacket.TryParse(datagram, out var packet))
        {
            Interlocked.Increment(ref _invalidPackets);
            return;
        }

        Interlocked.Increment(ref _packetsReceived);
        byte payloadType = packet.PayloadType;
        bool telephoneEvent = payloadType == TelephoneEventPayloadType;
        bool expected = telephoneEvent || payloadType is (byte)AudioCodec.Pcmu or (byte)AudioCodec.Pcma or ComfortNoise.PayloadType;
        if (!expected)
        {
            return; // codecs not offered: not latched, not counted in the statistics, not played
        }

        if (!LatchRemote(from, now))
        {
            Interlocked.Increment(ref _packetsFromElsewhere);
            return;
        }

        _reception.Record(packet.Ssrc, packet.SequenceNumber, packet.Timestamp, now, sampledNow: !telephoneEvent);
        if (telephoneEvent)
        {
            OnTelephoneEvent(packet, now);
            return;
        }

        if (Playout.HasReader)
        {
            // Bridged calls and recordings take frames as they arrive: a playout nobody reads costs a copy per packet.
            Playout.Push(packet);
        }
        if (payloadType == ComfortNoise.PayloadType)
        {
            return; // RFC 3389: a noise level, not audio; the playout buffer makes the noise
        }

        var codec = (AudioCodec)payloadType;
        var payload = packet.Payload[..Math.Min(packet.Payload.Length, MaxAudioPayload)];
        _lastInSsrc = packet.Ssrc;
        _lastInSequence = packet.SequenceNumber;
        _lastInTimestamp = packet.Timestamp;
        _lastInSamples = payload.Length;
        _lastInPayloadType = payloadType;
        var encodedHandler = forwarded ? null : EncodedAudioReceived;
        if (encodedHandler is not null)
        {
            try
            {
                encodedHandler(codec, payload);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                Trace.TraceError($"RTP session {LocalEndPoint}: an EncodedAudioReceived handler failed: {ex}");
            }
        }

        var handler = AudioReceived;
        if (handler is null && _toneDetector is null)
        {
            return; // nobody wants PCM: nothing to decode
        }

        Span<short> pcm = stackalloc short[payload.Length];
        G711.Decode(codec, payload, pcm);
        if (_toneDetector is { } tones)
        {
            Span<DtmfDigit> found = stackalloc DtmfDigit[2];
            int count = tones.Accept(pcm, found);
            for (var i = 0; i < count; i++)
            {
                RaiseDigit(found[i]);
            }
        }

        if (handler is not null)
        {
            try
            {
                handler(pcm);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                Trace.TraceError($"RTP session {LocalEndPoint}: an AudioReceived handler failed: {ex}");
            }
        }
    }

    private void OnTelephoneEvent(RtpPacket packet, TimeSpan now)
    {
        if (!TelephoneEvent.TryParse(packet.Payload, out var telephoneEvent))
        {
            Interlocked.Increment(ref _invalidPackets);
            return;
        }

        Span<DtmfDigit> digits = stackalloc DtmfDigit[2];
        int count = _dtmfDetector.Accept(packet.Timestamp, telephoneEvent, now, digits);
        for (var i = 0; i < count; i++)
        {
            RaiseDigit(digits[i]);
        }
    }

    private void RaiseDigit(DtmfDigit digit)
    {
        if (IsDisposed)
        {
            return;
        }

        IAudioSource? interrupted = null;
        lock (_sendGate)
        {
            if (_bargeIn && _playing is { } prompt)
            {
                interrupted = prompt;
                _playing = null;
                _bargeIn = false;
                _markNext = true;
            }
        }

        try
        {
            DtmfReceived?.Invoke(this, digit.Key);
            DigitReceived?.Invoke(this, digit);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            Trace.TraceError($"RTP session {LocalEndPoint}: a DtmfReceived handler failed: {ex}");
        }

        if (interrupted is not null)
        {
            ThreadPool.QueueUserWorkItem(static state => state.Session.RaisePlaybackFinished(state.Source, state.Digit), (Session: this, Source: interrupted, Digit: digit), preferLocal: false);
        }
    }

    /// <summary>
    /// Symmetric RTP (RFC 4961): the first packet of an expected payload type after <see cref="RemoteEndPoint"/> is
    /// set fixes where we send. Re-latching: setting <see cref="RemoteEndPoint"/> again (a re-INVITE) allows one
    /// more latch; and if the latched address has been silent for <see cref="RelatchAfterSilence"/>, packets from a
    /// new address take over (a NAT rebinding moved the far end). While the latched address is talking, packets
    /// from anywhere else are refused (false): they neither divert the call nor reach what it carries, so a
    /// stranger who guesses the port cannot inject audio or digits.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool LatchRemote(SocketAddress from, TimeSpan now)
    {
        if (_latched)
        {
            var current = _remoteAddress;
            if (current is not null && current.Equals(from))
            {
                _lastHeardFromRemote = now;
                return true;
            }

            if (now - _lastHeardFromRemote < RelatchAfterSilence)
            {
                return false;
            }
        }

        bool moved = false;
        lock (_sendGate)
        {
            if (_remoteAddress is null || !_remoteAddress.Equals(from))
            {
                var source = (IPEndPoint)LocalEndPoint.Create(from);
                _remote = source;
                _remoteAddress = source.Serialize();
                moved = true;
                EndEgress();
            }

            _lastHeardFromRemote = now;
            _latched = true;
        }

        if (moved)
        {
            EndIngress();
        }

        return true;
    }

    private void RaiseReport(RtcpReport report)
    {
        try
        {
            RtcpReportReceived?.Invoke(this, report);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            Trace.TraceError($"RTP session {LocalEndPoint}: an RtcpReportReceived handler failed: {ex}");
        }
    }

    private void RaisePlaybackFinished(IAudioSource source, DtmfDigit? interruptedBy)
    {
        if (IsDisposed)
        {
            return;
        }

        try
        {
            PlaybackFinished?.Invoke(this, source);
            PlaybackEnded?.Invoke(this, new PlaybackEnd(source, interruptedBy));
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            Trace.TraceError($"RTP session {LocalEndPoint}: a PlaybackFinished handler failed: {ex}");
        }
    }

    private void FailPendingDigits()
    {
        var error = new ObjectDisposedException(nameof(RtpSession), "The RTP session closed before the digit was sent.");
        DtmfTransmission? current;
        lock (_sendGate)
        {
            current = _dtmf;
            _dtmf = null;
        }

        current?.Completion.TrySetException(error);
        while (_dtmfQueue.TryDequeue(out var pending))
        {
            pending.Completion.TrySetException(error);
        }
    }
}

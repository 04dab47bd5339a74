using System.Buffers.Binary;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using ContactCentre.Media;
using HdrHistogram;

namespace ContactCentre.Load.Media;

/// <summary>
/// The caller's and the agent's phones of N calls, on 127.0.0.1: every phone sends a 172-byte PCMU packet
/// (RTP header + 160 bytes) every 20 ms with its own SSRC, sequence and timestamp, and counts what comes back.
/// Stream 2c is call c's caller towards its agent, 2c+1 the agent towards the caller.
/// <para>
/// Built to cost the relay under test as little CPU as possible, since they share the machine: phones share a few
/// sockets per side (a phone is a socket and the relay port it sends to), and one thread does everything in
/// rounds of about a millisecond: it sends the packets due (spread evenly over each 20 ms) with one sendmmsg per
/// socket, and reads what came back with recvmmsg, without blocking. Nothing is allocated per packet.
/// </para>
/// <para>
/// Delays are measured from the stamp written into each payload just before its send to the moment the kernel
/// queued the returning packet on the phone's socket (SO_TIMESTAMPNS, CLOCK_REALTIME on both ends), so the
/// phone thread's own lateness in reading does not count against the relay. Where the kernel gives no arrival
/// time (not Linux), the time of reading is used and the figures include the phones' millisecond rounds.
/// </para>
/// </summary>
public sealed class SimulatedPhones : IDisposable
{
    /// <summary>The simulator's threads are named with this prefix, so its CPU time can be told apart in /proc.</summary>
    public const string ThreadPrefix = "phone-sim";

    private const int SocketsPerSide = 8;
    private const int BatchSize = 64;
    // The kernel caps this at net.core.rmem_max (4 MB here) unless forced (SO_RCVBUFFORCE, root only): a stalled
    // phone thread (a shared machine) must not lose what the relay delivered in time.
    private const int SocketBufferBytes = 4 << 20;
    private const int ForcedBufferBytes = 32 << 20;
    private const int SolSocket = 1;
    private const int ReceiveBufferForce = 33; // SO_RCVBUFFORCE
    private const int HeaderLength = RtpPacket.FixedHeaderLength;
    private const int PacketLength = HeaderLength + StampedPayload.Length;
    private const long HighestMicroseconds = 60_000_000;

    private static readonly long FrameTicks = Stopwatch.Frequency / 50;

    private readonly int _streams;
    private readonly Socket[] _sockets = new Socket[2 * SocketsPerSide]; // callers' first, then agents'
    private readonly SocketAddress[] _targets;
    private readonly ushort[] _sequence;
    private readonly uint[] _timestamp;
    private readonly uint[] _ssrc;
    private readonly long[] _sent;
    private readonly long[] _received;
    private readonly long[] _fastest;
    private readonly long _epochNanoseconds = DatagramBatch.RealtimeNanoseconds();
    private volatile bool _stopping;

    private readonly int? _realtimePriority;

    /// <param name="realtimePriority">When set, the phones' thread runs SCHED_RR at this priority, as the relays' do.</param>
    public SimulatedPhones(int calls, int? realtimePriority = null)
    {
        _realtimePriority = realtimePriority;
        _streams = calls * 2;
        _targets = new SocketAddress[_streams];
        _sequence = new ushort[_streams];
        _timestamp = new uint[_streams];
        _ssrc = new uint[_streams];
        _sent = new long[_streams];
        _received = new long[_streams];
        _fastest = new long[_streams];
        Array.Fill(_fastest, long.MaxValue);
        for (var s = 0; s < _streams; s++)
        {
            _sequence[s] = (ushort)Random.Shared.Next(1 << 16);
            _timestamp[s] = (uint)Random.Shared.NextInt64(1L << 32);
            _ssrc[s] = (uint)Random.Shared.NextInt64(1L << 32);
        }

        bool stamped = true;
        for (var i = 0; i < _sockets.Length; i++)
        {
            _sockets[i] = OpenSocket();
            stamped &= DatagramBatch.RequestArrivalTimes(_sockets[i]);
        }

        KernelArrivalTimes = stamped;
    }

    public int Calls => _streams / 2;

    /// <summary>True when delays end at the kernel's arrival time of each packet; false when they end at its reading.</summary>
    public bool KernelArrivalTimes { get; }

    /// <summary>The ports of the phones' sockets on 127.0.0.1.</summary>
    public IReadOnlySet<int> Ports => _sockets.Select(s => ((IPEndPoint)s.LocalEndPoint!).Port).ToHashSet();

    /// <summary>Where call <paramref name="call"/>'s caller phone sends from and listens.</summary>
    public IPEndPoint CallerAddress(int call) => (IPEndPoint)SocketOf(2 * call).LocalEndPoint!;

    public IPEndPoint AgentAddress(int call) => (IPEndPoint)SocketOf((2 * call) + 1).LocalEndPoint!;

    /// <summary>Where the caller's phone sends (the relay's caller-facing port) and where the agent's phone sends.</summary>
    public void Aim(int call, IPEndPoint callerSendsTo, IPEndPoint agentSendsTo)
    {
        _targets[2 * call] = callerSendsTo.Serialize();
        _targets[(2 * call) + 1] = agentSendsTo.Serialize();
    }

    /// <summary>
    /// Sends for <paramref name="warmUp"/> + <paramref name="measured"/>, counting only packets sent in the measured
    /// window (and their receipt, up to <paramref name="drain"/> after it). <paramref name="atWindow"/> is called
    /// on this thread at the window's start (true) and end (false), to sample CPU and memory.
    /// </summary>
    public PhoneFigures Run(TimeSpan warmUp, TimeSpan measured, TimeSpan drain, Action<bool> atWindow)
    {
        if (_targets.Any(t => t is null))
        {
            throw new InvalidOperationException("Every call's phones must be aimed at the relay before they run.");
        }

        long start = Stopwatch.GetTimestamp() + (Stopwatch.Frequency / 10);
        long windowStart = start + Ticks(warmUp);
        long windowEnd = windowStart + Ticks(measured);
        var figures = new Figures(StampMicros(windowStart), StampMicros(windowEnd));
        var phones = new Thread(() => Work(start, windowEnd, figures)) { IsBackground = true, Name = ThreadPrefix };
        phones.Start();
        SleepUntil(windowStart);
        atWindow(true);
        SleepUntil(windowEnd);
        atWindow(false);
        Thread.Sleep(drain);
        _stopping = true;
        phones.Join();
        var silentStreams = Enumerable.Range(0, _streams).Count(s => _received[s] == 0);
        return new PhoneFigures(_sent.Sum(), _received.Sum(), silentStreams, figures.Transit, figures.Added, figures.Lateness);
    }

    public void Dispose()
    {
        _stopping = true;
        foreach (var socket in _sockets)
        {
            socket?.Dispose();
        }
    }

    private static Socket OpenSocket()
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp)
        {
            ReceiveBufferSize = SocketBufferBytes,
            SendBufferSize = SocketBufferBytes,
            Blocking = false,
        };
        try
        {
            socket.SetRawSocketOption(SolSocket, ReceiveBufferForce, BitConverter.GetBytes(ForcedBufferBytes));
        }
        catch (SocketException)
        {
            // Not privileged, or not Linux: the ordinary buffer.
        }

        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return socket;
    }

    private Socket SocketOf(int stream) => _sockets[((stream & 1) * SocketsPerSide) + ((stream >> 1) % SocketsPerSide)];

    private int SocketIndexOf(int stream) => ((stream & 1) * SocketsPerSide) + ((stream >> 1) % SocketsPerSide);

    /// <summary>The one phone thread: rounds of sending what is due and reading what came back, until stopped.</summary>
    private void Work(long start, long windowEnd, Figures figures)
    {
        if (_realtimePriority is { } priority && !RealtimeScheduling.TryApplyToCurrentThread(priority, out var refusal))
        {
            Console.WriteLine($"(the phones' thread could not have real-time priority: {refusal})");
        }

        var outgoing = _sockets.Select(_ => new DatagramBatch(BatchSize, PacketLength)).ToArray();
        var incoming = new DatagramBatch(BatchSize, 2048);
        Span<byte> packet = stackalloc byte[PacketLength];
        StampedPayload.Prepare(packet[HeaderLength..]);
        packet[0] = 0x80; // RFC 3550 §5.1: version 2, no padding, extension or CSRC
        long frame = 0;
        int next = 0;
        bool sending = true;
        while (!_stopping)
        {
            long now = Stopwatch.GetTimestamp();
            while (sending)
            {
                // Stream s is due s/streams of a frame into each 20 ms: the load is spread, not a burst per tick.
                long due = start + (frame * FrameTicks) + (next * FrameTicks / _streams);
                if (due >= windowEnd)
                {
                    sending = false;
                    break;
                }

                if (due > now)
                {
                    break;
                }

                int s = next;
                packet[1] = (byte)(frame == 0 ? 0x80 : 0x00); // PCMU (payload type 0), marker on the first packet
                BinaryPrimitives.WriteUInt16BigEndian(packet[2..], _sequence[s]++);
                BinaryPrimitives.WriteUInt32BigEndian(packet[4..], _timestamp[s]);
                BinaryPrimitives.WriteUInt32BigEndian(packet[8..], _ssrc[s]);
                _timestamp[s] += StampedPayload.Length;
                long stamp = NowMicros();
                StampedPayload.Stamp(packet[HeaderLength..], s, stamp);
                int socket = SocketIndexOf(s);
                if (!outgoing[socket].TryAdd(packet, _targets[s]))
                {
                    outgoing[socket].Send(_sockets[socket]);
                    outgoing[socket].TryAdd(packet, _targets[s]);
                }

                // Counted as the receiving side counts: by the stamp.
                if (stamp >= figures.WindowStartMicros && stamp < figures.WindowEndMicros)
                {
                    _sent[s]++;
                    figures.Lateness.RecordValue(Math.Clamp((now - due) * 1_000_000 / Stopwatch.Frequency, 0, HighestMicroseconds));
                }

                if (++next == _streams)
                {
                    next = 0;
                    frame++;
                }
            }

            for (var i = 0; i < _sockets.Length; i++)
            {
                if (outgoing[i].Count > 0)
                {
                    outgoing[i].Send(_sockets[i]);
                }
            }

            for (var i = 0; i < _sockets.Length; i++)
            {
                int count;
                do
                {
                    count = incoming.Receive(_sockets[i]);
                    for (var d = 0; d < count; d++)
                    {
                        long arrival = incoming.ArrivalNanoseconds(d);
                        Count(incoming[d], arrival == 0 ? NowMicros() : (arrival - _epochNanoseconds) / 1000, figures);
                    }
                }
                while (count == BatchSize);
            }

            // No spinning: the CPUs belong to what is measured. Late sends are stamped with their real time.
            Thread.Sleep(1);
        }
    }

    private void Count(ReadOnlySpan<byte> datagram, long arrivedMicros, Figures figures)
    {
        // RTCP (muxed by our sessions) and anything unstamped is not a phone's audio.
        if (!RtpPacket.TryParse(datagram, out var rtp) || rtp.PayloadType != 0
            || !StampedPayload.TryRead(rtp.Payload, out int s, out long sent) || (uint)s >= (uint)_streams)
        {
            return;
        }

        long delay = arrivedMicros - sent;
        if (delay < _fastest[s])
        {
            _fastest[s] = delay;
        }

        if (sent >= figures.WindowStartMicros && sent < figures.WindowEndMicros)
        {
            _received[s]++;
            figures.Transit.RecordValue(Math.Clamp(delay, 0, HighestMicroseconds));
            figures.Added.RecordValue(Math.Clamp(delay - _fastest[s], 0, HighestMicroseconds));
        }
    }

    private static void SleepUntil(long timestamp)
    {
        long remaining = timestamp - Stopwatch.GetTimestamp();
        if (remaining > 0)
        {
            Thread.Sleep(TimeSpan.FromSeconds((double)remaining / Stopwatch.Frequency));
        }
    }

    private static long Ticks(TimeSpan span) => (long)(span.TotalSeconds * Stopwatch.Frequency);

    /// <summary>Microseconds since the phones started, on the clock of the kernel's arrival times.</summary>
    private long NowMicros() => (DatagramBatch.RealtimeNanoseconds() - _epochNanoseconds) / 1000;

    /// <summary>A stopwatch instant (the schedule's clock) on the stamps' clock.</summary>
    private long StampMicros(long timestamp) => NowMicros() + ((timestamp - Stopwatch.GetTimestamp()) * 1_000_000 / Stopwatch.Frequency);

    private sealed class Figures(long windowStartMicros, long windowEndMicros)
    {
        public long WindowStartMicros { get; } = windowStartMicros;

        public long WindowEndMicros { get; } = windowEndMicros;

        public LongHistogram Transit { get; } = new(HighestMicroseconds, 3);

        public LongHistogram Added { get; } = new(HighestMicroseconds, 3);

        public LongHistogram Lateness { get; } = new(HighestMicroseconds, 3);
    }
}

/// <summary>What the phones saw in the measured window; delays in microseconds.</summary>
/// <param name="Transit">One-way time from the sending phone's send to the packet's arrival on the receiving phone's socket.</param>
/// <param name="AddedJitter">Each packet's transit minus the fastest transit of its stream.</param>
/// <param name="SenderLateness">How late the simulator sent each packet against its 20 ms schedule.</param>
public sealed record PhoneFigures(long Sent, long Received, int SilentStreams, LongHistogram Transit, LongHistogram AddedJitter, LongHistogram SenderLateness)
{
    public double LossPercent => Sent == 0 ? 0 : 100.0 * (Sent - Received) / Sent;
}

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
/// Phones share a few sockets per side (a phone is a socket and the relay port it sends to) and a few threads:
/// one sender paces all streams, spread evenly over each 20 ms, and one blocking receiver per socket reads
/// the stamp in each payload. The relay under test sees one remote address per call side, as it would.
/// </para>
/// </summary>
public sealed class SimulatedPhones : IDisposable
{
    /// <summary>The simulator's threads are named with this prefix, so its CPU time can be told apart in /proc.</summary>
    public const string ThreadPrefix = "phone-sim";

    private const int SocketsPerSide = 4;
    // The kernel caps this at net.core.rmem_max (4 MB here): about 20 000 queued packets per socket.
    private const int SocketBufferBytes = 4 << 20;
    private const int HeaderLength = RtpPacket.FixedHeaderLength;
    private const long HighestMicroseconds = 60_000_000;

    private static readonly long FrameTicks = Stopwatch.Frequency / 50;
    private static readonly TimeSpan ReceiverWake = TimeSpan.FromMilliseconds(100);

    private readonly int _streams;
    private readonly Socket[] _callerSockets = new Socket[SocketsPerSide];
    private readonly Socket[] _agentSockets = new Socket[SocketsPerSide];
    private readonly SocketAddress[] _targets;
    private readonly ushort[] _sequence;
    private readonly uint[] _timestamp;
    private readonly uint[] _ssrc;
    private readonly long[] _sent;
    private readonly long[] _received;
    private readonly long[] _fastest;
    private readonly long _epoch = Stopwatch.GetTimestamp();
    private volatile bool _stopping;

    // The sender outlives its schedule until the window's end is sampled: an ended thread's CPU leaves /proc.
    private readonly ManualResetEventSlim _sampled = new(false);

    public SimulatedPhones(int calls)
    {
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

        for (var i = 0; i < SocketsPerSide; i++)
        {
            _callerSockets[i] = OpenSocket();
            _agentSockets[i] = OpenSocket();
        }
    }

    public int Calls => _streams / 2;

    /// <summary>The ports of the phones' sockets on 127.0.0.1.</summary>
    public IReadOnlySet<int> Ports => _callerSockets.Concat(_agentSockets).Select(s => ((IPEndPoint)s.LocalEndPoint!).Port).ToHashSet();

    /// <summary>Where call <paramref name="call"/>'s caller phone sends from and listens.</summary>
    public IPEndPoint CallerAddress(int call) => (IPEndPoint)_callerSockets[call % SocketsPerSide].LocalEndPoint!;

    public IPEndPoint AgentAddress(int call) => (IPEndPoint)_agentSockets[call % SocketsPerSide].LocalEndPoint!;

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
        var lateness = new LongHistogram(HighestMicroseconds, 3);
        var sender = new Thread(() => Send(start, windowStart, windowEnd, lateness)) { IsBackground = true, Name = $"{ThreadPrefix} send" };
        var sockets = _callerSockets.Concat(_agentSockets).ToArray();
        var transit = sockets.Select(_ => new LongHistogram(HighestMicroseconds, 3)).ToArray();
        var added = sockets.Select(_ => new LongHistogram(HighestMicroseconds, 3)).ToArray();
        var receivers = sockets.Select((socket, i) => new Thread(() => Receive(socket, Micros(windowStart), Micros(windowEnd), transit[i], added[i]))
        {
            IsBackground = true,
            Name = $"{ThreadPrefix} rx{i}",
        }).ToArray();
        foreach (var receiver in receivers)
        {
            receiver.Start();
        }

        sender.Start();
        SleepUntil(windowStart);
        atWindow(true);
        SleepUntil(windowEnd);
        atWindow(false);
        _sampled.Set();
        sender.Join();
        Thread.Sleep(drain);
        _stopping = true;
        foreach (var receiver in receivers)
        {
            receiver.Join();
        }

        for (var i = 1; i < sockets.Length; i++)
        {
            transit[0].Add(transit[i]);
            added[0].Add(added[i]);
        }

        var silentStreams = Enumerable.Range(0, _streams).Count(s => _received[s] == 0);
        return new PhoneFigures(_sent.Sum(), _received.Sum(), silentStreams, transit[0], added[0], lateness);
    }

    public void Dispose()
    {
        _stopping = true;
        foreach (var socket in _callerSockets.Concat(_agentSockets))
        {
            socket?.Dispose();
        }

        _sampled.Dispose();
    }

    private static Socket OpenSocket()
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp)
        {
            ReceiveBufferSize = SocketBufferBytes,
            SendBufferSize = SocketBufferBytes,
            ReceiveTimeout = (int)ReceiverWake.TotalMilliseconds,
        };
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return socket;
    }

    private void Send(long start, long windowStart, long windowEnd, LongHistogram lateness)
    {
        Span<byte> packet = stackalloc byte[HeaderLength + StampedPayload.Length];
        StampedPayload.Prepare(packet[HeaderLength..]);
        packet[0] = 0x80; // RFC 3550 §5.1: version 2, no padding, extension or CSRC
        long frame = 0;
        int next = 0;
        while (true)
        {
            // Stream s is due s/streams of a frame into each 20 ms: the load is spread, not a burst per tick.
            long due = start + (frame * FrameTicks) + (next * FrameTicks / _streams);
            if (due >= windowEnd)
            {
                _sampled.Wait();
                return;
            }

            long now = Stopwatch.GetTimestamp();
            if (now < due)
            {
                // No spinning: the CPUs belong to what is measured. Late sends are stamped with their real time.
                Thread.Sleep(1);
                continue;
            }

            int s = next;
            packet[1] = (byte)(frame == 0 ? 0x80 : 0x00); // PCMU (payload type 0), marker on the first packet
            BinaryPrimitives.WriteUInt16BigEndian(packet[2..], _sequence[s]++);
            BinaryPrimitives.WriteUInt32BigEndian(packet[4..], _timestamp[s]);
            BinaryPrimitives.WriteUInt32BigEndian(packet[8..], _ssrc[s]);
            _timestamp[s] += StampedPayload.Length;
            long sentAt = Stopwatch.GetTimestamp();
            StampedPayload.Stamp(packet[HeaderLength..], s, Micros(sentAt));
            var socket = (s & 1) == 0 ? _callerSockets[(s >> 1) % SocketsPerSide] : _agentSockets[(s >> 1) % SocketsPerSide];
            try
            {
                socket.SendTo(packet, SocketFlags.None, _targets[s]);
                if (sentAt >= windowStart && sentAt < windowEnd)
                {
                    _sent[s]++;
                    lateness.RecordValue(Math.Min(HighestMicroseconds, Micros(sentAt) - Micros(due)));
                }
            }
            catch (SocketException)
            {
                // An ICMP port unreachable for an earlier send (a relay port closed): this packet is simply lost.
            }

            if (++next == _streams)
            {
                next = 0;
                frame++;
            }
        }
    }

    private void Receive(Socket socket, long windowStartMicros, long windowEndMicros, LongHistogram transit, LongHistogram added)
    {
        var buffer = new byte[2048];
        var from = new SocketAddress(AddressFamily.InterNetwork);
        while (!_stopping)
        {
            int length;
            try
            {
                length = socket.ReceiveFrom(buffer, SocketFlags.None, from);
            }
            catch (SocketException)
            {
                continue; // the wake-up timeout, or an ICMP error for an earlier send
            }
            catch (ObjectDisposedException)
            {
                return;
            }

            long now = Micros(Stopwatch.GetTimestamp());
            // RTCP (muxed by our sessions) and anything unstamped is not a phone's audio.
            if (!RtpPacket.TryParse(buffer.AsSpan(0, length), out var rtp) || rtp.PayloadType != 0
                || !StampedPayload.TryRead(rtp.Payload, out int s, out long sent) || (uint)s >= (uint)_streams)
            {
                continue;
            }

            // One stream arrives on one socket only, so only this thread touches its counters.
            long delay = now - sent;
            if (delay < _fastest[s])
            {
                _fastest[s] = delay;
            }

            if (sent >= windowStartMicros && sent < windowEndMicros)
            {
                _received[s]++;
                transit.RecordValue(Math.Clamp(delay, 0, HighestMicroseconds));
                added.RecordValue(Math.Clamp(delay - _fastest[s], 0, HighestMicroseconds));
            }
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

    private long Micros(long timestamp) => (timestamp - _epoch) * 1_000_000 / Stopwatch.Frequency;
}

/// <summary>What the phones saw in the measured window; delays in microseconds.</summary>
/// <param name="Transit">One-way time from the sending phone's socket to the receiving phone's thread.</param>
/// <param name="AddedJitter">Each packet's transit minus the fastest transit of its stream.</param>
/// <param name="SenderLateness">How late the simulator sent each packet against its 20 ms schedule.</param>
public sealed record PhoneFigures(long Sent, long Received, int SilentStreams, LongHistogram Transit, LongHistogram AddedJitter, LongHistogram SenderLateness)
{
    public double LossPercent => Sent == 0 ? 0 : 100.0 * (Sent - Received) / Sent;
}

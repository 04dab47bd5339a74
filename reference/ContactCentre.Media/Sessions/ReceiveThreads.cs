using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;

namespace ContactCentre.Media;

/// <summary>What a socket served by <see cref="ReceiveThreads"/> hands each datagram to, on a receive thread.</summary>
internal interface IDatagramSink
{
    void OnReceived(Span<byte> datagram, SocketAddress from);
}

/// <summary>A descriptor a receive thread waits on: a socket's registration, or a kernel-forwarding ring.</summary>
internal interface IPollTarget
{
    /// <summary>On the thread, when the descriptor is readable.</summary>
    void OnReady(DatagramBatch batch);
}

/// <summary>
/// A few dedicated threads, each waiting on many RTP sockets with epoll and handing each datagram to its session
/// at once. An async receive per socket costs every packet a hop from the socket engine's epoll thread to the
/// thread pool (which the actors share); at 250 bridged calls that hop cost about 40 % of the media CPU. Linux only:
/// elsewhere <see cref="Shared"/> is null and sessions keep their async loop, as they do when the environment
/// variable CONTACTCENTRE_RTP_RECEIVE is "pool".
/// <para>
/// Gathering: after a wake-up that found datagrams, a thread pauses for the rest of <see cref="GatherInterval"/>
/// (1 ms unless CONTACTCENTRE_RTP_GATHER_MICROSECONDS says otherwise; 0 turns it off) before it looks again, so
/// under load one wake-up serves the packets of many calls instead of one wake-up (and, on a VM, an interrupt
/// between CPUs) per packet; each socket's queue is read with one recvmmsg (<see cref="DatagramBatch"/>). A quiet
/// thread blocks in epoll, so a lone packet is handled at once; under load a packet waits at most the interval.
/// </para>
/// </summary>
internal sealed class ReceiveThreads
{
    private const int ReceiveBufferSize = 2048;
    private const int EventsPerWait = 1024;
    // A socket's datagrams per receive call: a 20 ms stream has one queued per wake-up, a burst after a stall more.
    private const int DatagramsPerReceive = 8;
    private static readonly TimeSpan DefaultGather = TimeSpan.FromMilliseconds(1);

    private static readonly Lazy<ReceiveThreads?> SharedThreads = new(Create);

    private readonly Epoll[] _polls;
    private readonly ConcurrentDictionary<ulong, IPollTarget> _registrations = new();
    private long _nextRegistration;

    private ReceiveThreads(Epoll[] polls, TimeSpan gather)
    {
        _polls = polls;
        GatherInterval = gather;
        for (var i = 0; i < polls.Length; i++)
        {
            var poll = polls[i];
            new Thread(() => Run(poll)) { IsBackground = true, Name = $"RTP receive {i}", Priority = ThreadPriority.AboveNormal }.Start();
        }
    }

    /// <summary>The process's receive threads, or null where epoll is not available or they are switched off.</summary>
    public static ReceiveThreads? Shared => SharedThreads.Value;

    /// <summary>How long a thread that found datagrams waits before it looks for more; zero when it looks at once.</summary>
    public TimeSpan GatherInterval { get; }

    /// <summary>How many receive threads there are; a registration's <see cref="Registration.ThreadIndex"/> is below it.</summary>
    public int ThreadCount => _polls.Length;

    /// <summary>Serves <paramref name="socket"/> from now on, making it non-blocking; null if it could not be added.</summary>
    public Registration? Register(Socket socket, IDatagramSink sink)
    {
        ulong number = (ulong)Interlocked.Increment(ref _nextRegistration);
        int index = (int)(number % (ulong)_polls.Length);
        var registration = new Registration(this, index, number, socket, sink);
        socket.Blocking = false;
        if (!Watch(index, (int)socket.SafeHandle.DangerousGetHandle(), number, registration))
        {
            socket.Blocking = true;
            return null;
        }

        return registration;
    }

    /// <summary>Has thread <paramref name="index"/> wait on <paramref name="fd"/> too, for as long as the process runs.</summary>
    public bool RegisterDescriptor(int index, int fd, IPollTarget target) =>
        Watch(index, fd, (ulong)Interlocked.Increment(ref _nextRegistration), target);

    private bool Watch(int index, int fd, ulong number, IPollTarget target)
    {
        _registrations[number] = target;
        if (_polls[index].Add(fd, number))
        {
            return true;
        }

        _registrations.TryRemove(number, out _);
        return false;
    }

    private static ReceiveThreads? Create()
    {
        if (string.Equals(Environment.GetEnvironmentVariable("CONTACTCENTRE_RTP_RECEIVE"), "pool", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        // One per core, at most four: they only receive and forward, and a slow event handler holds up only its share.
        int count = Math.Clamp(Environment.ProcessorCount, 1, 4);
        var polls = new Epoll[count];
        for (var i = 0; i < count; i++)
        {
            if (Epoll.TryCreate(EventsPerWait) is not { } poll)
            {
                return null;
            }

            polls[i] = poll;
        }

        return new ReceiveThreads(polls, GatherFromEnvironment());
    }

    private static TimeSpan GatherFromEnvironment()
    {
        var text = Environment.GetEnvironmentVariable("CONTACTCENTRE_RTP_GATHER_MICROSECONDS");
        if (string.IsNullOrEmpty(text))
        {
            return DefaultGather;
        }

        if (!int.TryParse(text, out int microseconds) || microseconds is < 0 or > 20_000)
        {
            Trace.TraceError($"CONTACTCENTRE_RTP_GATHER_MICROSECONDS must be 0-20000, not '{text}'; using {DefaultGather.TotalMicroseconds} µs.");
            return DefaultGather;
        }

        return TimeSpan.FromMicroseconds(microseconds);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Run(Epoll poll)
    {
        RealtimeScheduling.ApplyConfigured(Thread.CurrentThread.Name ?? "RTP receive");
        var batch = new DatagramBatch(DatagramsPerReceive, ReceiveBufferSize);
        var ready = new ulong[EventsPerWait];
        long gather = (long)(GatherInterval.TotalSeconds * Stopwatch.Frequency);
        while (true)
        {
            int count = poll.Wait(ready);
            if (count < 0)
            {
                Trace.TraceError("RTP receive thread: epoll_wait failed; its sessions receive nothing more.");
                return;
            }

            long woke = Stopwatch.GetTimestamp();
            for (var i = 0; i < count; i++)
            {
                // Level-triggered: a socket with more queued than one batch takes is ready again at the next wait.
                if (_registrations.TryGetValue(ready[i], out var target))
                {
                    target.OnReady(batch);
                }
            }

            if (count > 0 && gather > 0)
            {
                long remaining = woke + gather - Stopwatch.GetTimestamp();
                if (remaining > 0)
                {
                    Epoll.Pause(TimeSpan.FromTicks(remaining * TimeSpan.TicksPerSecond / Stopwatch.Frequency));
                }
            }
        }
    }

    /// <summary>One socket served by the threads, until <see cref="Unregister"/>.</summary>
    internal sealed class Registration(ReceiveThreads owner, int threadIndex, ulong number, Socket socket, IDatagramSink sink) : IPollTarget
    {
        private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private SocketAddress? _from;

        /// <summary>Completes once the socket is no longer served.</summary>
        public Task Stopped => _stopped.Task;

        /// <summary>Which of the threads serves the socket.</summary>
        public int ThreadIndex => threadIndex;

        /// <summary>Before the socket is closed, so its descriptor is not watched after its number is reused.</summary>
        public void Unregister()
        {
            if (owner._registrations.TryRemove(number, out _))
            {
                owner._polls[threadIndex].Remove((int)socket.SafeHandle.DangerousGetHandle());
            }

            _stopped.TrySetResult();
        }

        /// <summary>On the socket's one receive thread, so the source address can be reused.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void OnReady(DatagramBatch batch)
        {
            // Sized for the socket's family: an IPv4 socket refuses an IPv6-sized address.
            var from = _from ??= new SocketAddress(socket.AddressFamily);
            // Nothing (another wake-up raced) or an ICMP error for an earlier send gives 0.
            int count = batch.Receive(socket);
            for (var i = 0; i < count; i++)
            {
                try
                {
                    batch.CopySource(i, from);
                    sink.OnReceived(batch[i], from);
                }
                catch (Exception ex) when (ex is not OutOfMemoryException)
                {
                    // One session's failure must not stop the thread that serves many others.
                    Trace.TraceError($"RTP receive thread: a session failed on a datagram: {ex}");
                }
            }
        }
    }
}

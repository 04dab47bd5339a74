using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace ContactCentre.Media;

/// <summary>What a socket served by <see cref="ReceiveThreads"/> hands each datagram to, on a receive thread.</summary>
internal interface IDatagramSink
{
    void OnReceived(Span<byte> datagram, SocketAddress from);
}

/// <summary>
/// A few dedicated threads, each waiting on many RTP sockets with epoll and handing each datagram to its session
/// at once. An async receive per socket costs every packet a hop from the socket engine's epoll thread to the
/// thread pool (which the actors share); at 250 bridged calls that hop cost about 40 % of the media CPU. Linux only:
/// elsewhere <see cref="Shared"/> is null and sessions keep their async loop, as they do when the environment
/// variable CONTACTCENTRE_RTP_RECEIVE is "pool".
/// </summary>
internal sealed class ReceiveThreads
{
    private const int ReceiveBufferSize = 2048;
    private const int EventsPerWait = 256;

    private static readonly Lazy<ReceiveThreads?> SharedThreads = new(Create);

    private readonly Epoll[] _polls;
    private readonly ConcurrentDictionary<ulong, Registration> _registrations = new();
    private long _nextRegistration;

    private ReceiveThreads(Epoll[] polls)
    {
        _polls = polls;
        for (var i = 0; i < polls.Length; i++)
        {
            var poll = polls[i];
            new Thread(() => Run(poll)) { IsBackground = true, Name = $"RTP receive {i}", Priority = ThreadPriority.AboveNormal }.Start();
        }
    }

    /// <summary>The process's receive threads, or null where epoll is not available or they are switched off.</summary>
    public static ReceiveThreads? Shared => SharedThreads.Value;

    /// <summary>Serves <paramref name="socket"/> from now on, making it non-blocking; null if it could not be added.</summary>
    public Registration? Register(Socket socket, IDatagramSink sink)
    {
        ulong number = (ulong)Interlocked.Increment(ref _nextRegistration);
        var poll = _polls[number % (ulong)_polls.Length];
        var registration = new Registration(this, poll, number, socket, sink);
        socket.Blocking = false;
        _registrations[number] = registration;
        if (!poll.Add((int)socket.SafeHandle.DangerousGetHandle(), number))
        {
            _registrations.TryRemove(number, out _);
            socket.Blocking = true;
            return null;
        }

        return registration;
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

        return new ReceiveThreads(polls);
    }

    private void Run(Epoll poll)
    {
        var buffer = new byte[ReceiveBufferSize];
        Span<ulong> ready = stackalloc ulong[EventsPerWait];
        while (true)
        {
            int count = poll.Wait(ready);
            if (count < 0)
            {
                Trace.TraceError("RTP receive thread: epoll_wait failed; its sessions receive nothing more.");
                return;
            }

            for (var i = 0; i < count; i++)
            {
                // Level-triggered: one datagram per socket per wait, and a socket with more queued is ready again.
                if (_registrations.TryGetValue(ready[i], out var registration))
                {
                    registration.ReceiveOne(buffer);
                }
            }
        }
    }

    /// <summary>One socket served by the threads, until <see cref="Unregister"/>.</summary>
    internal sealed class Registration(ReceiveThreads owner, Epoll poll, ulong number, Socket socket, IDatagramSink sink)
    {
        private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private SocketAddress? _from;

        /// <summary>Completes once the socket is no longer served.</summary>
        public Task Stopped => _stopped.Task;

        /// <summary>Before the socket is closed, so its descriptor is not watched after its number is reused.</summary>
        public void Unregister()
        {
            if (owner._registrations.TryRemove(number, out _))
            {
                poll.Remove((int)socket.SafeHandle.DangerousGetHandle());
            }

            _stopped.TrySetResult();
        }

        /// <summary>On the socket's one receive thread, so the source address can be reused.</summary>
        internal void ReceiveOne(byte[] buffer)
        {
            // Sized for the socket's family: an IPv4 socket refuses an IPv6-sized address.
            var from = _from ??= new SocketAddress(socket.AddressFamily);
            int length;
            try
            {
                length = socket.ReceiveFrom(buffer, SocketFlags.None, from);
            }
            catch (SocketException)
            {
                // Nothing after all (another wake-up raced), an ICMP error for an earlier send, an oversized datagram.
                return;
            }
            catch (ObjectDisposedException)
            {
                return;
            }

            try
            {
                sink.OnReceived(buffer.AsSpan(0, length), from);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // One session's failure must not stop the thread that serves many others.
                Trace.TraceError($"RTP receive thread: a session failed on a datagram: {ex}");
            }
        }
    }
}

using System.Runtime.InteropServices;

namespace ContactCentre.Media;

/// <summary>
/// Linux epoll(7), just what <see cref="ReceiveThreads"/> needs: one instance, level-triggered readability of
/// many sockets, and a wait that returns the ready sockets' registration numbers.
/// </summary>
internal sealed class Epoll
{
    private const string LibC = "libc.so.6";
    private const int CtlAdd = 1;
    private const int CtlDelete = 2;
    private const uint ReadableEvent = 0x001; // EPOLLIN
    private const int CloseOnExec = 0x80000; // EPOLL_CLOEXEC
    private const int Interrupted = 4; // EINTR

    // struct epoll_event is packed on x86-64 (12 bytes) and naturally aligned elsewhere (16 bytes).
    private static readonly bool s_packed = RuntimeInformation.ProcessArchitecture is Architecture.X64 or Architecture.X86;

    private readonly int _fd;
    private readonly PackedEvent[] _packed;
    private readonly AlignedEvent[] _aligned;

    private Epoll(int fd, int capacity)
    {
        _fd = fd;
        _packed = s_packed ? new PackedEvent[capacity] : [];
        _aligned = s_packed ? [] : new AlignedEvent[capacity];
    }

    /// <summary>A new epoll instance, or null where there is none (not Linux, no glibc).</summary>
    public static Epoll? TryCreate(int capacity)
    {
        if (!OperatingSystem.IsLinux() || RuntimeInformation.ProcessArchitecture is not (Architecture.X64 or Architecture.Arm64))
        {
            return null;
        }

        try
        {
            int fd = epoll_create1(CloseOnExec);
            return fd < 0 ? null : new Epoll(fd, capacity);
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            return null;
        }
    }

    public bool Add(int socket, ulong registration) => Control(CtlAdd, socket, registration) == 0;

    /// <summary>Must come before the socket is closed: a closed descriptor's number can be reused at once.</summary>
    public void Remove(int socket) => Control(CtlDelete, socket, 0);

    /// <summary>Blocks until some sockets are readable; writes their registration numbers and returns how many.</summary>
    public int Wait(Span<ulong> ready)
    {
        while (true)
        {
            int count = s_packed
                ? epoll_wait(_fd, _packed, Math.Min(ready.Length, _packed.Length), -1)
                : epoll_wait(_fd, _aligned, Math.Min(ready.Length, _aligned.Length), -1);
            if (count < 0)
            {
                if (Marshal.GetLastPInvokeError() == Interrupted)
                {
                    continue;
                }

                return -1;
            }

            for (var i = 0; i < count; i++)
            {
                ready[i] = s_packed ? _packed[i].Data : _aligned[i].Data;
            }

            return count;
        }
    }

    /// <summary>Sleeps for <paramref name="span"/> (nanosleep: finer than Thread.Sleep's milliseconds).</summary>
    public static void Pause(TimeSpan span)
    {
        long nanoseconds = span.Ticks * 100;
        var request = new TimeSpec { Seconds = nanoseconds / 1_000_000_000, Nanoseconds = nanoseconds % 1_000_000_000 };
        nanosleep(ref request, IntPtr.Zero); // woken early by a signal: the caller merely looks sooner
    }

    private int Control(int operation, int socket, ulong registration)
    {
        if (s_packed)
        {
            var packed = new PackedEvent { Events = ReadableEvent, Data = registration };
            return epoll_ctl(_fd, operation, socket, ref packed);
        }

        var aligned = new AlignedEvent { Events = ReadableEvent, Data = registration };
        return epoll_ctl(_fd, operation, socket, ref aligned);
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [StructLayout(LayoutKind.Sequential, Pack = 4)]
    private struct PackedEvent
    {
        public uint Events;
        public ulong Data;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct AlignedEvent
    {
        public uint Events;
        public ulong Data;
    }

#pragma warning disable SYSLIB1054 // LibraryImport would need unsafe code in this library; these signatures are blittable.
    [DllImport(LibC, SetLastError = true)]
    private static extern int epoll_create1(int flags);

    [DllImport(LibC)]
    private static extern int nanosleep(ref TimeSpec request, IntPtr remaining);

    [DllImport(LibC, SetLastError = true)]
    private static extern int epoll_ctl(int epfd, int op, int fd, ref PackedEvent ev);

    [DllImport(LibC, SetLastError = true)]
    private static extern int epoll_ctl(int epfd, int op, int fd, ref AlignedEvent ev);

    [DllImport(LibC, SetLastError = true)]
    private static extern int epoll_wait(int epfd, [Out] PackedEvent[] events, int maxevents, int timeout);

    [DllImport(LibC, SetLastError = true)]
    private static extern int epoll_wait(int epfd, [Out] AlignedEvent[] events, int maxevents, int timeout);
#pragma warning restore SYSLIB1054
}

using System.ComponentModel;
using System.Runtime.InteropServices;

namespace ContactCentre.Media;

/// <summary>
/// The consumer side of a BPF ring buffer map (BPF_MAP_TYPE_RINGBUF, Documentation/bpf/ringbuf.rst): the consumer
/// position page mapped read-write, the producer position page and the data (mapped twice in a row by the kernel,
/// so a record is contiguous however it wraps) read-only. Records are read where they lie, without a system call;
/// a record's 8-byte header holds its length with a busy bit (still being written) and a discard bit.
/// One reader thread only.
/// </summary>
internal sealed unsafe class BpfRing : IDisposable
{
    private const string LibC = "libc.so.6";
    private const int ProtRead = 1, ProtWrite = 2, MapShared = 1;
    private const uint BusyBit = 1u << 31, DiscardBit = 1u << 30;
    private const int HeaderSize = 8;

    private readonly long _pageSize = Environment.SystemPageSize;
    private readonly byte* _consumer;
    private readonly byte* _producer;
    private readonly byte* _data;
    private readonly long _mask;
    private readonly long _size;

    public BpfRing(int fd, int size)
    {
        Fd = fd;
        _size = size;
        _mask = size - 1;
        _consumer = (byte*)mmap(IntPtr.Zero, (nuint)_pageSize, ProtRead | ProtWrite, MapShared, fd, 0);
        if ((nint)_consumer == -1)
        {
            throw new Win32Exception(Marshal.GetLastPInvokeError(), "mmap of the BPF ring's consumer page");
        }

        _producer = (byte*)mmap(IntPtr.Zero, (nuint)(_pageSize + 2 * _size), ProtRead, MapShared, fd, _pageSize);
        if ((nint)_producer == -1)
        {
            int errno = Marshal.GetLastPInvokeError();
            munmap((IntPtr)_consumer, (nuint)_pageSize);
            throw new Win32Exception(errno, "mmap of the BPF ring's data");
        }

        _data = _producer + _pageSize;
    }

    public int Fd { get; }

    /// <summary>Hands each committed record to <paramref name="record"/>, in order, and frees them; returns how many.</summary>
    public int Drain<TState>(TState state, RingRecordHandler<TState> record)
    {
        long consumer = Volatile.Read(ref *(long*)_consumer);
        long producer = Volatile.Read(ref *(long*)_producer);
        int count = 0;
        while (consumer < producer)
        {
            byte* header = _data + (consumer & _mask);
            uint length = Volatile.Read(ref *(uint*)header);
            if ((length & BusyBit) != 0)
            {
                break; // reserved and not yet committed: the rest waits for the next wake-up
            }

            int bytes = (int)(length & ~(BusyBit | DiscardBit));
            if ((length & DiscardBit) == 0)
            {
                record(state, new ReadOnlySpan<byte>(header + HeaderSize, bytes));
                count++;
            }

            consumer += (HeaderSize + bytes + 7) & ~7L;
            Volatile.Write(ref *(long*)_consumer, consumer);
        }

        return count;
    }

    public void Dispose()
    {
        munmap((IntPtr)_producer, (nuint)(_pageSize + 2 * _size));
        munmap((IntPtr)_consumer, (nuint)_pageSize);
        Bpf.Close(Fd);
    }

#pragma warning disable SYSLIB1054 // blittable; kept with this library's other libc calls.
    [DllImport(LibC, SetLastError = true)]
    private static extern IntPtr mmap(IntPtr address, nuint length, int protection, int flags, int fd, long offset);

    [DllImport(LibC, SetLastError = true)]
    private static extern int munmap(IntPtr address, nuint length);
#pragma warning restore SYSLIB1054
}

/// <summary>One ring record, valid only during the call.</summary>
internal delegate void RingRecordHandler<in TState>(TState state, ReadOnlySpan<byte> record);

using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Runtime.CompilerServices;

namespace ContactCentre.Media;

/// <summary>
/// Several datagrams of one UDP socket per system call: recvmmsg(2) and sendmmsg(2) on 64-bit Linux, with the
/// kernel's arrival time of each datagram (SO_TIMESTAMPNS) when asked for; elsewhere one ReceiveFrom or SendTo per
/// datagram, with the same results. Buffers are allocated once (pinned), so nothing is allocated per datagram.
/// One instance belongs to one thread at a time.
/// </summary>
public sealed class DatagramBatch
{
    private const string LibC = "libc.so.6";
    private const int DontWait = 0x40; // MSG_DONTWAIT
    private const int SolSocket = 1;
    private const int TimestampNs = 35; // SO_TIMESTAMPNS (and SCM_TIMESTAMPNS), x86-64 and arm64
    private const int HeaderSize = 64; // struct mmsghdr: msghdr (56) + msg_len + padding
    private const int IoVecSize = 16;
    private const int NameSize = 128; // sockaddr_storage
    private const int ControlSize = 64; // room for one cmsghdr with a struct timespec

    private static readonly bool s_native = OperatingSystem.IsLinux() && Environment.Is64BitProcess
        && RuntimeInformation.ProcessArchitecture is Architecture.X64 or Architecture.Arm64;

    private static bool s_nativeFailed;

    private readonly int _maxDatagram;
    private readonly byte[] _data;
    private readonly byte[] _names;
    private readonly byte[] _control;
    private readonly byte[] _iovecs;
    private readonly byte[] _headers;
    private readonly int[] _lengths;
    private readonly int[] _nameLengths;
    private readonly long[] _arrivals;
    private readonly SocketAddress?[] _fallbackAddresses; // where queued datagrams go, for one SendTo each
    private SocketAddress? _fallbackSource; // where the one datagram of a fallback receive came from
    private bool _receivedOne;
    private readonly bool _native;
    private int _count;

    public DatagramBatch(int capacity, int maxDatagram = 2048)
        : this(capacity, maxDatagram, native: true)
    {
    }

    /// <param name="native">False: one call per datagram even where recvmmsg/sendmmsg exist (tests of the fallback).</param>
    internal DatagramBatch(int capacity, int maxDatagram, bool native)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxDatagram, 1);
        Capacity = capacity;
        _maxDatagram = maxDatagram;
        _data = GC.AllocateArray<byte>(capacity * maxDatagram, pinned: true);
        _names = GC.AllocateArray<byte>(capacity * NameSize, pinned: true);
        _control = GC.AllocateArray<byte>(capacity * ControlSize, pinned: true);
        _iovecs = GC.AllocateArray<byte>(capacity * IoVecSize, pinned: true);
        _headers = GC.AllocateArray<byte>(capacity * HeaderSize, pinned: true);
        _lengths = new int[capacity];
        _nameLengths = new int[capacity];
        _arrivals = new long[capacity];
        _fallbackAddresses = new SocketAddress?[capacity];
        _native = native && s_native;
        if (_native)
        {
            LinkHeaders();
        }
    }

    /// <summary>True where recvmmsg/sendmmsg are used; false where each datagram is its own call.</summary>
    public static bool IsNative => s_native && !Volatile.Read(ref s_nativeFailed);

    public int Capacity { get; }

    private bool UsesNative => _native && !Volatile.Read(ref s_nativeFailed);

    /// <summary>Datagrams received by the last <see cref="Receive"/>, or queued for the next <see cref="Send"/>.</summary>
    public int Count => _count;

    /// <summary>Datagram <paramref name="index"/>: received, or queued to send.</summary>
    public Span<byte> this[int index] => _data.AsSpan(Check(index) * _maxDatagram, _lengths[index]);

    /// <summary>
    /// When datagram <paramref name="index"/> reached the socket, in nanoseconds of CLOCK_REALTIME (see
    /// <see cref="RealtimeNanoseconds"/>), if the socket has <see cref="RequestArrivalTimes"/> on; 0 otherwise.
    /// </summary>
    public long ArrivalNanoseconds(int index) => _arrivals[Check(index)];

    /// <summary>Writes where datagram <paramref name="index"/> came from into <paramref name="address"/> (of the socket's family).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void CopySource(int index, SocketAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        Check(index);
        if (_receivedOne && _fallbackSource is { } received)
        {
            received.Buffer.Span[..received.Size].CopyTo(address.Buffer.Span);
            address.Size = received.Size;
            return;
        }

        int length = Math.Min(_nameLengths[index], address.Buffer.Length);
        _names.AsSpan(index * NameSize, length).CopyTo(address.Buffer.Span);
        address.Size = length;
    }

    /// <summary>Asks the kernel to stamp each datagram's arrival on <paramref name="socket"/>; false where it cannot.</summary>
    public static bool RequestArrivalTimes(Socket socket)
    {
        ArgumentNullException.ThrowIfNull(socket);
        if (!IsNative)
        {
            return false;
        }

        try
        {
            socket.SetRawSocketOption(SolSocket, TimestampNs, BitConverter.GetBytes(1));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>Now on the clock of <see cref="ArrivalNanoseconds"/> (CLOCK_REALTIME), in nanoseconds.</summary>
    public static long RealtimeNanoseconds()
    {
        if (IsNative && clock_gettime(0, out var now) == 0)
        {
            return (now.Seconds * 1_000_000_000) + now.Nanoseconds;
        }

        return (DateTimeOffset.UtcNow.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) * 100;
    }

    /// <summary>
    /// Takes what is queued on <paramref name="socket"/>, up to <see cref="Capacity"/> datagrams, without waiting;
    /// returns how many (0 when nothing was queued or the socket reported an error, such as an ICMP unreachable).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public int Receive(Socket socket)
    {
        ArgumentNullException.ThrowIfNull(socket);
        Clear();
        if (UsesNative)
        {
            for (var i = 0; i < Capacity; i++)
            {
                var header = _headers.AsSpan(i * HeaderSize, HeaderSize);
                BinaryPrimitives.WriteInt32LittleEndian(header[8..], NameSize); // msg_namelen
                WriteNative(header[40..], ControlSize); // msg_controllen
                BinaryPrimitives.WriteInt32LittleEndian(header[48..], 0); // msg_flags
                WriteNative(_iovecs.AsSpan((i * IoVecSize) + 8), _maxDatagram);
            }

            int received;
            var handle = socket.SafeHandle;
            bool held = false;
            try
            {
                // Held for the call, so a socket closed meanwhile cannot have its descriptor reused under us.
                handle.DangerousAddRef(ref held);
                received = recvmmsg((int)handle.DangerousGetHandle(), Address(_headers), (uint)Capacity, DontWait, IntPtr.Zero);
            }
            catch (ObjectDisposedException)
            {
                return 0;
            }
            catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
            {
                Volatile.Write(ref s_nativeFailed, true);
                return ReceiveOne(socket);
            }
            finally
            {
                if (held)
                {
                    handle.DangerousRelease();
                }
            }

            if (received <= 0)
            {
                return 0; // EAGAIN: nothing queued; another error (ECONNREFUSED) is consumed by reporting it
            }

            for (var i = 0; i < received; i++)
            {
                var header = _headers.AsSpan(i * HeaderSize, HeaderSize);
                _lengths[i] = Math.Min(BinaryPrimitives.ReadInt32LittleEndian(header[56..]), _maxDatagram);
                _nameLengths[i] = BinaryPrimitives.ReadInt32LittleEndian(header[8..]);
                _arrivals[i] = ReadArrival(i, (int)ReadNative(header[40..]));
            }

            _count = received;
            return received;
        }

        return ReceiveOne(socket);
    }

    /// <summary>Queues a copy of <paramref name="datagram"/> to <paramref name="to"/>; false when the batch is full (send it first).</summary>
    public bool TryAdd(ReadOnlySpan<byte> datagram, SocketAddress to)
    {
        ArgumentNullException.ThrowIfNull(to);
        if (_receivedOne)
        {
            Clear();
        }

        if (_count == Capacity)
        {
            return false;
        }

        if (datagram.Length > _maxDatagram)
        {
            throw new ArgumentException($"A datagram of {datagram.Length} bytes does not fit the batch's {_maxDatagram}.", nameof(datagram));
        }

        int i = _count++;
        datagram.CopyTo(_data.AsSpan(i * _maxDatagram));
        _lengths[i] = datagram.Length;
        _fallbackAddresses[i] = to;
        int nameLength = Math.Min(to.Size, NameSize);
        to.Buffer.Span[..nameLength].CopyTo(_names.AsSpan(i * NameSize));
        _nameLengths[i] = nameLength;
        return true;
    }

    /// <summary>
    /// Sends what <see cref="TryAdd"/> queued and empties the batch; returns how many went out. A datagram the kernel
    /// refuses (full send buffer, an ICMP error pending from an earlier send) is skipped, as a lost packet.
    /// </summary>
    public int Send(Socket socket)
    {
        ArgumentNullException.ThrowIfNull(socket);
        int sent = 0;
        int next = 0;
        if (UsesNative)
        {
            for (var i = 0; i < _count; i++)
            {
                var header = _headers.AsSpan(i * HeaderSize, HeaderSize);
                BinaryPrimitives.WriteInt32LittleEndian(header[8..], _nameLengths[i]);
                WriteNative(header[40..], 0); // no control data
                WriteNative(_iovecs.AsSpan((i * IoVecSize) + 8), _lengths[i]);
            }

            var handle = socket.SafeHandle;
            bool held = false;
            try
            {
                handle.DangerousAddRef(ref held);
                while (next < _count)
                {
                    int result = sendmmsg((int)handle.DangerousGetHandle(), Address(_headers) + (next * HeaderSize), (uint)(_count - next), DontWait);
                    if (result <= 0)
                    {
                        next++; // the first one failed: lose it, carry on with the rest
                        continue;
                    }

                    sent += result;
                    next += result;
                }
            }
            catch (ObjectDisposedException)
            {
                Clear();
                return sent;
            }
            catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
            {
                Volatile.Write(ref s_nativeFailed, true);
            }
            finally
            {
                if (held)
                {
                    handle.DangerousRelease();
                }
            }
        }

        for (; next < _count; next++)
        {
            try
            {
                socket.SendTo(_data.AsSpan(next * _maxDatagram, _lengths[next]), SocketFlags.None, _fallbackAddresses[next]!);
                sent++;
            }
            catch (SocketException)
            {
                // UDP: a refused send is a lost packet.
            }
            catch (ObjectDisposedException)
            {
                break;
            }
        }

        Clear();
        return sent;
    }

    /// <summary>Empties the batch without sending.</summary>
    public void Clear()
    {
        Array.Clear(_fallbackAddresses, 0, _count);
        _count = 0;
        _receivedOne = false;
    }

    private int ReceiveOne(Socket socket)
    {
        if (_fallbackSource is null || _fallbackSource.Family != socket.AddressFamily)
        {
            _fallbackSource = new SocketAddress(socket.AddressFamily);
        }

        var from = _fallbackSource;
        try
        {
            if (socket.Available == 0)
            {
                return 0;
            }

            _lengths[0] = socket.ReceiveFrom(_data.AsSpan(0, _maxDatagram), SocketFlags.None, from);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            return 0;
        }

        _arrivals[0] = 0;
        _count = 1;
        _receivedOne = true;
        return 1;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private long ReadArrival(int index, int controlLength)
    {
        // struct cmsghdr { size_t cmsg_len; int cmsg_level; int cmsg_type; } then the data, 8-byte aligned.
        var control = _control.AsSpan(index * ControlSize, Math.Min(controlLength, ControlSize));
        int offset = 0;
        while (offset + 16 <= control.Length)
        {
            int length = (int)ReadNative(control[offset..]);
            if (length < 16)
            {
                break;
            }

            int level = BinaryPrimitives.ReadInt32LittleEndian(control[(offset + 8)..]);
            int type = BinaryPrimitives.ReadInt32LittleEndian(control[(offset + 12)..]);
            if (level == SolSocket && type == TimestampNs && offset + 32 <= control.Length)
            {
                return (ReadNative(control[(offset + 16)..]) * 1_000_000_000) + ReadNative(control[(offset + 24)..]);
            }

            offset += (length + 7) & ~7;
        }

        return 0;
    }

    private void LinkHeaders()
    {
        for (var i = 0; i < Capacity; i++)
        {
            // struct mmsghdr { struct msghdr { name, namelen, iov, iovlen, control, controllen, flags }; msg_len; }
            var header = _headers.AsSpan(i * HeaderSize, HeaderSize);
            WriteNative(header, (long)(Address(_names) + (i * NameSize)));
            WriteNative(header[16..], (long)(Address(_iovecs) + (i * IoVecSize)));
            WriteNative(header[24..], 1);
            WriteNative(header[32..], (long)(Address(_control) + (i * ControlSize)));
            WriteNative(_iovecs.AsSpan(i * IoVecSize), (long)(Address(_data) + (i * _maxDatagram)));
        }
    }

    private int Check(int index)
    {
        if ((uint)index >= (uint)_count)
        {
            throw new ArgumentOutOfRangeException(nameof(index), index, $"The batch holds {_count} datagrams.");
        }

        return index;
    }

    private static IntPtr Address(byte[] pinned) => Marshal.UnsafeAddrOfPinnedArrayElement(pinned, 0);

    private static void WriteNative(Span<byte> target, long value) => MemoryMarshal.Write(target, in value);

    private static long ReadNative(ReadOnlySpan<byte> source) => MemoryMarshal.Read<long>(source);

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

#pragma warning disable SYSLIB1054 // LibraryImport would need unsafe code in this library; these signatures are blittable.
    [DllImport(LibC, SetLastError = true)]
    private static extern int recvmmsg(int fd, IntPtr messages, uint count, int flags, IntPtr timeout);

    [DllImport(LibC, SetLastError = true)]
    private static extern int sendmmsg(int fd, IntPtr messages, uint count, int flags);

    [DllImport(LibC)]
    private static extern int clock_gettime(int clock, out TimeSpec now);
#pragma warning restore SYSLIB1054
}

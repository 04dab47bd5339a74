using System.Buffers.Binary;
using System.ComponentModel;
using System.Runtime.InteropServices;
using System.Text;

namespace ContactCentre.Media;

/// <summary>
/// The few bpf(2) commands kernel forwarding needs, on raw <c>union bpf_attr</c> bytes (the layouts are the
/// kernel's UAPI, include/uapi/linux/bpf.h): create a map, update an element, look one up and delete it in one step, load a program
/// and attach it with a link. Every call returns a descriptor or throws a <see cref="Win32Exception"/> naming the
/// command and errno.
/// </summary>
internal static unsafe class Bpf
{
    private const string LibC = "libc.so.6";
    private const int AttrSize = 144;

    public const int MapTypeHash = 1;
    public const int MapTypeArrayOfMaps = 12;
    public const int MapTypeRingBuffer = 27;
    public const int ProgramTypeSchedCls = 3;
    public const int AttachTcxIngress = 46;

    private const int MapCreate = 0;
    private const int MapUpdate = 2;
    private const int ProgramLoad = 5;
    private const int MapLookupAndDelete = 21;
    private const int LinkCreate = 28;
    private const int NoSuchEntry = 2; // ENOENT

    /// <summary>bpf(2)'s number: 321 on x86-64, 280 on arm64 (the generic table).</summary>
    private static long SyscallNumber => RuntimeInformation.ProcessArchitecture == Architecture.X64 ? 321 : 280;

    public static bool IsSupportedPlatform =>
        OperatingSystem.IsLinux() && RuntimeInformation.ProcessArchitecture is Architecture.X64 or Architecture.Arm64;

    public static int CreateMap(int type, int keySize, int valueSize, int maxEntries, string name, int innerMapFd = 0)
    {
        Span<byte> attr = stackalloc byte[AttrSize];
        attr.Clear();
        BinaryPrimitives.WriteInt32LittleEndian(attr, type);
        BinaryPrimitives.WriteInt32LittleEndian(attr[4..], keySize);
        BinaryPrimitives.WriteInt32LittleEndian(attr[8..], valueSize);
        BinaryPrimitives.WriteInt32LittleEndian(attr[12..], maxEntries);
        BinaryPrimitives.WriteInt32LittleEndian(attr[20..], innerMapFd);
        Encoding.ASCII.GetBytes(name.AsSpan(0, Math.Min(name.Length, 15)), attr[28..]);
        return (int)Call(MapCreate, attr, "BPF_MAP_CREATE " + name);
    }

    public static void Update(int map, ReadOnlySpan<byte> key, ReadOnlySpan<byte> value)
    {
        fixed (byte* k = key)
        fixed (byte* v = value)
        {
            Span<byte> attr = stackalloc byte[AttrSize];
            WriteElement(attr, map, k, v);
            Call(MapUpdate, attr, "BPF_MAP_UPDATE_ELEM");
        }
    }

    /// <summary>Reads and removes in one step, so nothing the program writes in between is lost; false when absent.</summary>
    public static bool LookupAndDelete(int map, ReadOnlySpan<byte> key, Span<byte> value)
    {
        fixed (byte* k = key)
        fixed (byte* v = value)
        {
            Span<byte> attr = stackalloc byte[AttrSize];
            WriteElement(attr, map, k, v);
            return TryCall(MapLookupAndDelete, attr, "BPF_MAP_LOOKUP_AND_DELETE_ELEM");
        }
    }

    /// <summary>Loads a program; the verifier's log is in the exception when it refuses.</summary>
    public static int LoadProgram(int type, int expectedAttach, ReadOnlySpan<byte> instructions, string name)
    {
        byte[] license = "GPL\0"u8.ToArray();
        byte[] log = new byte[1 << 20];
        fixed (byte* code = instructions)
        fixed (byte* licence = license)
        fixed (byte* logBuffer = log)
        {
            Span<byte> attr = stackalloc byte[AttrSize];
            attr.Clear();
            BinaryPrimitives.WriteInt32LittleEndian(attr, type);
            BinaryPrimitives.WriteInt32LittleEndian(attr[4..], instructions.Length / 8);
            BinaryPrimitives.WriteUInt64LittleEndian(attr[8..], (ulong)code);
            BinaryPrimitives.WriteUInt64LittleEndian(attr[16..], (ulong)licence);
            BinaryPrimitives.WriteInt32LittleEndian(attr[24..], 1);
            BinaryPrimitives.WriteInt32LittleEndian(attr[28..], log.Length);
            BinaryPrimitives.WriteUInt64LittleEndian(attr[32..], (ulong)logBuffer);
            Encoding.ASCII.GetBytes(name.AsSpan(0, Math.Min(name.Length, 15)), attr[48..]);
            BinaryPrimitives.WriteInt32LittleEndian(attr[68..], expectedAttach);
            long fd = syscall(SyscallNumber, ProgramLoad, attr.GetPinnableReference(), AttrSize);
            if (fd >= 0)
            {
                return (int)fd;
            }

            int errno = Marshal.GetLastPInvokeError();
            int end = Array.IndexOf(log, (byte)0);
            string verifier = Encoding.ASCII.GetString(log, 0, end < 0 ? log.Length : end).Trim();
            throw new Win32Exception(errno, $"BPF_PROG_LOAD {name}: {new Win32Exception(errno).Message}{(verifier.Length > 0 ? "; verifier: " + Tail(verifier) : "")}");
        }
    }

    /// <summary>Attaches <paramref name="program"/> to an interface; detached when the returned descriptor closes.</summary>
    public static int CreateLink(int program, int interfaceIndex, int attachType)
    {
        Span<byte> attr = stackalloc byte[AttrSize];
        attr.Clear();
        BinaryPrimitives.WriteInt32LittleEndian(attr, program);
        BinaryPrimitives.WriteInt32LittleEndian(attr[4..], interfaceIndex);
        BinaryPrimitives.WriteInt32LittleEndian(attr[8..], attachType);
        return (int)Call(LinkCreate, attr, "BPF_LINK_CREATE");
    }

    public static void Close(int fd)
    {
        if (fd > 0)
        {
            close(fd);
        }
    }

    private static string Tail(string log) => log.Length <= 2000 ? log : "…" + log[^2000..];

    /// <summary>The element commands' attr: map, key, value (or next key), flags 0.</summary>
    private static void WriteElement(Span<byte> attr, int map, byte* key, byte* value)
    {
        attr.Clear();
        BinaryPrimitives.WriteInt32LittleEndian(attr, map);
        BinaryPrimitives.WriteUInt64LittleEndian(attr[8..], (ulong)key);
        BinaryPrimitives.WriteUInt64LittleEndian(attr[16..], (ulong)value);
    }

    private static long Call(int command, Span<byte> attr, string what)
    {
        long result = syscall(SyscallNumber, command, attr.GetPinnableReference(), AttrSize);
        if (result < 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            throw new Win32Exception(errno, $"{what}: {new Win32Exception(errno).Message}");
        }

        return result;
    }

    private static bool TryCall(int command, Span<byte> attr, string what)
    {
        long result = syscall(SyscallNumber, command, attr.GetPinnableReference(), AttrSize);
        if (result >= 0)
        {
            return true;
        }

        int errno = Marshal.GetLastPInvokeError();
        return errno == NoSuchEntry ? false : throw new Win32Exception(errno, $"{what}: {new Win32Exception(errno).Message}");
    }

#pragma warning disable SYSLIB1054 // the signatures are blittable; DllImport keeps them next to the other libc calls of this library.
    [DllImport(LibC, SetLastError = true)]
    private static extern long syscall(long number, int command, in byte attr, int size);

    [DllImport(LibC, SetLastError = true)]
    private static extern int close(int fd);
#pragma warning restore SYSLIB1054
}

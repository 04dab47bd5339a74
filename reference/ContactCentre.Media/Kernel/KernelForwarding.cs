using System.Buffers.Binary;
using System.ComponentModel;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.NetworkInformation;

namespace ContactCentre.Media;

/// <summary>
/// Forwarding of bridged RTP in the kernel, as rtpengine's kernel module does, with an eBPF program
/// (<see cref="ForwardingProgram"/>) at TCX ingress of the loopback interface instead of a module. A bridge between
/// two plain RTP legs of the same codec hands each direction to the kernel once both far ends are latched and
/// nothing else is being sent on the other leg; from then on each packet is rewritten as that leg would send it and
/// sent on in the context of whoever sent it, without a socket read, a system call or a thread wake-up of ours per
/// packet. A copy of each packet as it came goes into a ring buffer of the leg's receive thread, which hands it to
/// the session as if received, without forwarding it again: statistics, RTCP, recording, monitoring, in-band DTMF
/// and playout see every packet. Anything the program does not take (RFC 4733 events, comfort noise, RTCP, another
/// SSRC or source, a full ring) goes to the socket as before.
/// <para>
/// Scope: IPv4 legs bound to a loopback address with far ends on loopback (a session border controller, trunk
/// gateway or simulator on the same host); other legs forward in user space as before. Needs Linux 6.6 or later
/// (TCX), CAP_BPF and CAP_NET_ADMIN; without them <see cref="Shared"/> is null (traced once) and nothing changes.
/// A session asks for it with <see cref="RtpSessionOptions.KernelForwarding"/>.
/// </para>
/// </summary>
public sealed class KernelForwarding
{
    /// <summary>Bytes per receive thread's ring: about 400 ms of 1,000 calls' packets per thread.</summary>
    private const int RingSize = 4 << 20;
    private const int MaxRoutes = 65536;

    private static readonly Lazy<KernelForwarding?> SharedInstance = new(Create);

    private readonly int _routes;
    private readonly ConcurrentDictionary<uint, RtpSession> _slots = new();
    private uint _nextSlot;

    private KernelForwarding(int routes)
    {
        _routes = routes;
    }

    /// <summary>The process's kernel forwarding, or null where it cannot run here.</summary>
    internal static KernelForwarding? Shared => SharedInstance.Value;

    /// <summary>
    /// CONTACTCENTRE_MEDIA_KERNEL_FORWARDING=1: every session asks for it, as if its options said so (how the contact
    /// centre's host, which opens its sessions with default options, is switched over).
    /// </summary>
    internal static bool RequestedByEnvironment =>
        Environment.GetEnvironmentVariable("CONTACTCENTRE_MEDIA_KERNEL_FORWARDING") is "1" or "true";

    /// <summary>Whether bridges of sessions that ask for it can forward in the kernel here (set up on first use).</summary>
    public static bool IsAvailable => Shared is not null;

    /// <summary>Why it cannot run here, once <see cref="IsAvailable"/> said false; null otherwise.</summary>
    public static string? Unavailable { get; private set; }

    internal uint AssignSlot(RtpSession session)
    {
        uint slot = Interlocked.Increment(ref _nextSlot);
        _slots[slot] = session;
        return slot;
    }

    internal void ReleaseSlot(uint slot) => _slots.TryRemove(slot, out _);

    /// <summary>Installs (or replaces) the route for packets arriving at <paramref name="key"/>.</summary>
    internal bool TryInstall(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value)
    {
        try
        {
            Bpf.Update(_routes, key, value);
            return true;
        }
        catch (Win32Exception ex)
        {
            Trace.TraceWarning($"Kernel forwarding: a route could not be installed, the call forwards in user space: {ex.Message}");
            return false;
        }
    }

    /// <summary>Removes the route and reads what the program last wrote into it; false when there was none.</summary>
    internal bool TryRemove(ReadOnlySpan<byte> key, Span<byte> value)
    {
        try
        {
            return Bpf.LookupAndDelete(_routes, key, value);
        }
        catch (Win32Exception ex)
        {
            Trace.TraceError($"Kernel forwarding: a route could not be removed: {ex.Message}");
            return false;
        }
    }

    /// <summary>A route's key: the leg's own IPv4 address and port, as in the packet.</summary>
    internal static void WriteKey(Span<byte> key, IPEndPoint local)
    {
        key.Clear();
        WriteAddress(key, local);
        WritePort(key[4..], local);
    }

    /// <summary>An IPv4 address's four bytes as in the packet.</summary>
    internal static void WriteAddress(Span<byte> target, IPEndPoint endPoint) => endPoint.Address.TryWriteBytes(target[..4], out _);

    /// <summary>A port as in the packet (network order).</summary>
    internal static void WritePort(Span<byte> target, IPEndPoint endPoint) => BinaryPrimitives.WriteUInt16BigEndian(target, (ushort)endPoint.Port);

    /// <summary>True for an IPv4 loopback address and port, the only kind of leg the program sees.</summary>
    internal static bool IsLoopbackIPv4(IPEndPoint? endPoint) =>
        endPoint is not null && endPoint.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork && IPAddress.IsLoopback(endPoint.Address) && endPoint.Port != 0;

    private static KernelForwarding? Create()
    {
        if (!Bpf.IsSupportedPlatform)
        {
            return Refuse("not Linux on x86-64 or arm64");
        }

        if (ReceiveThreads.Shared is not { } threads)
        {
            return Refuse("the RTP receive threads are off (CONTACTCENTRE_RTP_RECEIVE=pool)");
        }

        var opened = new List<int>();
        try
        {
            int loopback = LoopbackIndex();
            var rings = new BpfRing[threads.ThreadCount];
            int first = Bpf.CreateMap(Bpf.MapTypeRingBuffer, 0, 0, RingSize, "cc_ring0");
            opened.Add(first);
            int ringsMap = Bpf.CreateMap(Bpf.MapTypeArrayOfMaps, 4, 4, rings.Length, "cc_rings", innerMapFd: first);
            opened.Add(ringsMap);
            Span<byte> key = stackalloc byte[4];
            Span<byte> value = stackalloc byte[4];
            for (var i = 0; i < rings.Length; i++)
            {
                int ring = i == 0 ? first : Bpf.CreateMap(Bpf.MapTypeRingBuffer, 0, 0, RingSize, $"cc_ring{i}");
                if (i != 0)
                {
                    opened.Add(ring);
                }

                BinaryPrimitives.WriteInt32LittleEndian(key, i);
                BinaryPrimitives.WriteInt32LittleEndian(value, ring);
                Bpf.Update(ringsMap, key, value);
                rings[i] = new BpfRing(ring, RingSize);
            }

            int routes = Bpf.CreateMap(Bpf.MapTypeHash, ForwardingProgram.KeySize, ForwardingProgram.ValueSize, MaxRoutes, "cc_routes");
            opened.Add(routes);
            byte[] code = ForwardingProgram.Assemble(routes, ringsMap, loopback);
            int program = Bpf.LoadProgram(Bpf.ProgramTypeSchedCls, Bpf.AttachTcxIngress, code, "cc_rtp_forward");
            opened.Add(program);
            // The link lives as long as the process: closing its descriptor (or exiting) detaches the program.
            Bpf.CreateLink(program, loopback, Bpf.AttachTcxIngress);
            var forwarding = new KernelForwarding(routes);
            for (var i = 0; i < rings.Length; i++)
            {
                if (!threads.RegisterDescriptor(i, rings[i].Fd, new RingReader(forwarding, rings[i])))
                {
                    return Refuse("a ring could not be added to its receive thread's epoll");
                }
            }

            Trace.TraceInformation($"Kernel forwarding: eBPF program attached at TCX ingress of interface {loopback} (loopback), {rings.Length} rings of {RingSize >> 20} MB.");
            return forwarding;
        }
        catch (Exception ex) when (ex is Win32Exception or DllNotFoundException or EntryPointNotFoundException or NetworkInformationException or InvalidOperationException)
        {
            foreach (int fd in opened)
            {
                Bpf.Close(fd);
            }

            return Refuse(ex.Message);
        }
    }

    private static KernelForwarding? Refuse(string why)
    {
        Unavailable = why;
        Trace.TraceWarning($"Kernel forwarding is not available, bridged RTP forwards in user space: {why}");
        return null;
    }

    private static int LoopbackIndex()
    {
        foreach (var nic in NetworkInterface.GetAllNetworkInterfaces())
        {
            if (nic.NetworkInterfaceType == NetworkInterfaceType.Loopback && nic.GetIPProperties().GetIPv4Properties() is { } v4)
            {
                return v4.Index;
            }
        }

        throw new InvalidOperationException("no IPv4 loopback interface");
    }

    /// <summary>One receive thread's ring: each record (slot, length, the RTP packet as it came) to its session.</summary>
    private sealed class RingReader(KernelForwarding owner, BpfRing ring) : IPollTarget
    {
        private static readonly RingRecordHandler<KernelForwarding> Deliver = static (forwarding, record) =>
        {
            uint slot = BinaryPrimitives.ReadUInt32LittleEndian(record);
            int length = BinaryPrimitives.ReadInt32LittleEndian(record[4..]);
            if (length <= record.Length - 8 && forwarding._slots.TryGetValue(slot, out var session))
            {
                try
                {
                    session.OnForwardedByKernel(record.Slice(8, length));
                }
                catch (Exception ex) when (ex is not OutOfMemoryException)
                {
                    // One session's failure must not stop the ring that serves many others.
                    Trace.TraceError($"Kernel forwarding: a session failed on a forwarded packet: {ex}");
                }
            }
        };

        public void OnReady(DatagramBatch batch)
        {
            ring.Drain(owner, Deliver);
        }
    }
}

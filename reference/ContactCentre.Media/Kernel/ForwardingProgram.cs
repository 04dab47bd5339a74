namespace ContactCentre.Media;

/// <summary>
/// The eBPF program behind <see cref="KernelForwarding"/>, written with <see cref="BpfAssembler"/> (there is no
/// compiler for BPF on the machines this runs on). It runs at TCX ingress of the loopback interface, so in the
/// context of whoever sent the packet, before any socket sees it. For an IPv4 UDP packet whose destination (our
/// leg's address and port) is in the routes map, from the latched source, of the route's payload type and SSRC,
/// at most <see cref="MaxRtpLength"/> bytes of RTP, it:
/// <list type="number">
/// <item>copies the packet as it came into the ring buffer of the leg's receive thread (slot, length, RTP);
/// when that ring is full it lets the packet go on to the socket instead, so the session handles it all;</item>
/// <item>rewrites it as the other leg would send it: addresses and ports, RTP sequence and timestamp shifted by
/// the route's deltas, the other leg's SSRC; IP and UDP checksums updated (RFC 1624 arithmetic by the kernel's
/// csum helpers, which also keep a partial checksum of loopback's offload right);</item>
/// <item>redirects it to the interface's egress, so it arrives at the far phone as if sent from the other leg's
/// socket.</item>
/// </list>
/// Everything else goes on unchanged (TCX_NEXT), to the next program and the sockets.
/// </summary>
internal static class ForwardingProgram
{
    /// <summary>Bytes of RTP (header and payload) the program forwards; longer packets go to the session.</summary>
    public const int MaxRtpLength = 472;

    public const int KeySize = 8;
    public const int ValueSize = 80;

    // Route value layout (see KernelForwarding.Route): offsets into the map value.
    public const short ExpectedSourceAddress = 0, ExpectedSourcePort = 4, PayloadType = 6, RingIndex = 7;
    public const short NewAddresses = 8; // new source address, new destination address, new source port, new destination port: 12 bytes as in the packet
    public const short NewSourceAddress = 8, NewDestinationAddress = 12, NewSourcePort = 16, NewDestinationPort = 18;
    public const short Slot = 20, InSsrc = 24, OutSsrc = 28, SequenceDelta = 32, LastLength = 34, TimestampDelta = 36;
    public const short LastSequence = 40, LastTimestamp = 44, Forwarded = 48, Failures = 56, OldDestinationAddress = 64, OldDestinationPort = 68;

    // Registers: r1-r5 arguments, r0 result, r6-r9 kept across calls, r10 the frame pointer.
    private const int R0 = 0, R1 = 1, R2 = 2, R3 = 3, R4 = 4, R5 = 5, Context = 6, Route = 7, Length = 8, Old = 9, Frame = 10;

    // __sk_buff fields.
    private const short SkbData = 76, SkbDataEnd = 80;

    // Packet offsets: Ethernet (14), IPv4 without options (20), UDP (8), RTP.
    private const int EtherType = 12, IpVersion = 14, IpFragment = 20, IpProtocol = 23, IpChecksum = 24, IpSource = 26, IpDestination = 30;
    private const int UdpSourcePort = 34, UdpDestinationPort = 36, UdpLength = 38, UdpChecksum = 40, Rtp = 42;
    private const int Headers = Rtp + 12;

    // Stack: the key, then the ring record (slot, length, the RTP packet as it came).
    private const short KeyAt = -504, RecordAt = -496, RtpAt = -488;

    // Helpers (include/uapi/linux/bpf.h, __BPF_FUNC_MAPPER).
    private const int MapLookup = 1, StoreBytes = 9, L3ChecksumReplace = 10, L4ChecksumReplace = 11, Redirect = 23, LoadBytes = 26, RingOutput = 130;
    private const int PseudoHeader = 0x10, MangledZero = 0x20;
    private const int TcxNext = -1, TcShot = 2;

    public static byte[] Assemble(int routesMap, int ringsMap, int interfaceIndex)
    {
        var a = new BpfAssembler();
        a.Move(Context, R1);
        LoadPacket(a);
        a.Load(BpfAssembler.Half, R4, R2, EtherType);
        a.JumpIf(BpfAssembler.NotEqual, R4, 0x0008, "next"); // IPv4, read little-endian
        a.Load(BpfAssembler.Byte, R4, R2, IpVersion);
        a.JumpIf(BpfAssembler.NotEqual, R4, 0x45, "next"); // version 4, no options
        a.Load(BpfAssembler.Byte, R4, R2, IpProtocol);
        a.JumpIf(BpfAssembler.NotEqual, R4, 17, "next"); // UDP
        a.Load(BpfAssembler.Half, R4, R2, IpFragment);
        a.AndImmediate(R4, 0xff3f); // more-fragments and offset, read little-endian
        a.JumpIf(BpfAssembler.NotEqual, R4, 0, "next");

        // The route of the destination address and port.
        a.Load(BpfAssembler.Word, R4, R2, IpDestination);
        a.Store(BpfAssembler.Word, Frame, KeyAt, R4);
        a.Load(BpfAssembler.Half, R4, R2, UdpDestinationPort);
        a.Store(BpfAssembler.Half, Frame, KeyAt + 4, R4);
        a.StoreImmediate(BpfAssembler.Half, Frame, KeyAt + 6, 0);
        LookUp(a, routesMap);
        a.Move(Route, R0);

        // From the latched source, RTP version 2, the route's payload type and SSRC.
        LoadPacket(a);
        RequireAsRoute(a, BpfAssembler.Word, IpSource, ExpectedSourceAddress);
        RequireAsRoute(a, BpfAssembler.Half, UdpSourcePort, ExpectedSourcePort);
        a.Load(BpfAssembler.Byte, R4, R2, Rtp);
        a.AndImmediate(R4, 0xc0);
        a.JumpIf(BpfAssembler.NotEqual, R4, 0x80, "next");
        a.Load(BpfAssembler.Byte, R4, R2, Rtp + 1);
        a.AndImmediate(R4, 0x7f);
        a.Load(BpfAssembler.Byte, R5, Route, PayloadType);
        a.JumpIfRegister(BpfAssembler.NotEqual, R4, R5, "next");
        RequireAsRoute(a, BpfAssembler.Word, Rtp + 8, InSsrc);
        a.Load(BpfAssembler.Half, Length, R2, UdpLength);
        a.SwapToNetwork(Length, 16);
        a.SubtractImmediate(Length, 8);
        a.JumpIf(BpfAssembler.Less, Length, 12, "next");
        a.JumpIf(BpfAssembler.Greater, Length, MaxRtpLength, "next");

        // The packet as it came, into the ring of the leg's receive thread; a full ring leaves it to the socket.
        a.Move(R1, Context);
        a.MoveImmediate(R2, Rtp);
        a.MoveAddress(R3, Frame, RtpAt);
        a.Move(R4, Length);
        a.Call(LoadBytes);
        a.JumpIf(BpfAssembler.NotEqual, R0, 0, "next");
        a.Load(BpfAssembler.Word, R4, Route, Slot);
        a.Store(BpfAssembler.Word, Frame, RecordAt, R4);
        a.Store(BpfAssembler.Word, Frame, RecordAt + 4, Length);
        a.Load(BpfAssembler.Byte, R4, Route, RingIndex);
        a.Store(BpfAssembler.Word, Frame, KeyAt, R4);
        LookUp(a, ringsMap);
        a.Move(R1, R0);
        a.MoveAddress(R2, Frame, RecordAt);
        a.Move(R3, Length);
        a.AddImmediate(R3, 8);
        a.MoveImmediate(R4, 0);
        a.Call(RingOutput);
        a.JumpIf(BpfAssembler.NotEqual, R0, 0, "next");

        // Committed: from here the packet is the kernel's to forward. What it came with, for the session's hand-back.
        a.Load(BpfAssembler.Half, R4, Frame, RtpAt + 2);
        a.Store(BpfAssembler.Half, Route, LastSequence, R4);
        a.Load(BpfAssembler.Word, R4, Frame, RtpAt + 4);
        a.Store(BpfAssembler.Word, Route, LastTimestamp, R4);
        a.Store(BpfAssembler.Half, Route, LastLength, Length);

        // Addresses and ports: IP header checksum, UDP checksum (pseudo-header for the addresses), then the bytes.
        ReplaceChecksum(a, L3ChecksumReplace, IpChecksum, ExpectedSourceAddress, NewSourceAddress, 4);
        ReplaceChecksum(a, L3ChecksumReplace, IpChecksum, OldDestinationAddress, NewDestinationAddress, 4);
        ReplaceChecksum(a, L4ChecksumReplace, UdpChecksum, ExpectedSourceAddress, NewSourceAddress, PseudoHeader | MangledZero | 4);
        ReplaceChecksum(a, L4ChecksumReplace, UdpChecksum, OldDestinationAddress, NewDestinationAddress, PseudoHeader | MangledZero | 4);
        ReplaceChecksum(a, L4ChecksumReplace, UdpChecksum, ExpectedSourcePort, NewSourcePort, MangledZero | 2);
        ReplaceChecksum(a, L4ChecksumReplace, UdpChecksum, OldDestinationPort, NewDestinationPort, MangledZero | 2);
        StoreIntoPacket(a, IpSource, Route, NewAddresses, 12);

        // RTP: sequence and timestamp shifted into the other leg's, its SSRC; rewritten in the stack copy, then stored.
        ShiftRtpField(a, 16, RtpAt + 2, SequenceDelta);
        ShiftRtpField(a, 32, RtpAt + 4, TimestampDelta);
        a.Load(BpfAssembler.Word, Old, Frame, RtpAt + 8);
        a.Load(BpfAssembler.Word, R4, Route, OutSsrc);
        a.Store(BpfAssembler.Word, Frame, RtpAt + 8, R4);
        ReplaceRtpChecksum(a, MangledZero | 4);
        StoreIntoPacket(a, Rtp + 2, Frame, RtpAt + 2, 10);

        a.MoveImmediate(R4, 1);
        a.AtomicAdd(Route, Forwarded, R4);
        a.MoveImmediate(R1, interfaceIndex);
        a.MoveImmediate(R2, 0); // egress
        a.Call(Redirect);
        a.Exit();

        a.Label("failed");
        a.MoveImmediate(R4, 1);
        a.AtomicAdd(Route, Failures, R4);
        a.MoveImmediate(R0, TcShot);
        a.Exit();

        a.Label("next");
        a.MoveImmediate(R0, TcxNext);
        a.Exit();
        return a.Build();
    }

    /// <summary>r2 = data, r3 = data_end, and out to "next" unless all headers up to the RTP SSRC are there.</summary>
    private static void LoadPacket(BpfAssembler a)
    {
        a.Load(BpfAssembler.Word, R2, Context, SkbData);
        a.Load(BpfAssembler.Word, R3, Context, SkbDataEnd);
        a.MoveAddress(R4, R2, Headers);
        a.JumpIfRegister(BpfAssembler.Greater, R4, R3, "next");
    }

    private static void ReplaceChecksum(BpfAssembler a, int helper, int checksumAt, short oldAt, short newAt, int flags)
    {
        byte size = (flags & 0x0f) == 4 ? BpfAssembler.Word : BpfAssembler.Half;
        a.Move(R1, Context);
        a.MoveImmediate(R2, checksumAt);
        a.Load(size, R3, Route, oldAt);
        a.Load(size, R4, Route, newAt);
        a.MoveImmediate(R5, flags);
        a.Call(helper);
        a.JumpIf(BpfAssembler.NotEqual, R0, 0, "failed");
    }

    /// <summary>Out to "next" unless the packet's field at <paramref name="packetAt"/> (r2 = data) is the route's at <paramref name="routeAt"/>.</summary>
    private static void RequireAsRoute(BpfAssembler a, byte size, short packetAt, short routeAt)
    {
        a.Load(size, R4, R2, packetAt);
        a.Load(size, R5, Route, routeAt);
        a.JumpIfRegister(BpfAssembler.NotEqual, R4, R5, "next");
    }

    /// <summary>r0 = the element of the key on the stack at KeyAt in <paramref name="map"/>, and out to "next" when there is none.</summary>
    private static void LookUp(BpfAssembler a, int map)
    {
        a.LoadMap(R1, map);
        a.MoveAddress(R2, Frame, KeyAt);
        a.Call(MapLookup);
        a.JumpIf(BpfAssembler.Equal, R0, 0, "next");
    }

    /// <summary>
    /// The sequence number (16 bits) or timestamp (32) at <paramref name="at"/> of the stack copy plus the route's
    /// shift at <paramref name="shiftAt"/>, in network order, and the UDP checksum with it.
    /// </summary>
    private static void ShiftRtpField(BpfAssembler a, int bits, short at, short shiftAt)
    {
        byte size = bits == 16 ? BpfAssembler.Half : BpfAssembler.Word;
        a.Load(size, Old, Frame, at);
        a.Move(R4, Old);
        a.SwapToNetwork(R4, bits);
        a.Load(size, R5, Route, shiftAt);
        a.Add(R4, R5);
        a.SwapToNetwork(R4, bits); // also drops what carried past the field
        a.Store(size, Frame, at, R4);
        ReplaceRtpChecksum(a, MangledZero | (bits / 8));
    }

    /// <summary>Writes <paramref name="length"/> bytes from <paramref name="from"/> + <paramref name="offset"/> into the packet at <paramref name="packetAt"/>.</summary>
    private static void StoreIntoPacket(BpfAssembler a, int packetAt, int from, short offset, int length)
    {
        a.Move(R1, Context);
        a.MoveImmediate(R2, packetAt);
        a.MoveAddress(R3, from, offset);
        a.MoveImmediate(R4, length);
        a.MoveImmediate(R5, 0);
        a.Call(StoreBytes);
        a.JumpIf(BpfAssembler.NotEqual, R0, 0, "failed");
    }

    /// <summary>UDP checksum from the old value in r9 to the new one in r4.</summary>
    private static void ReplaceRtpChecksum(BpfAssembler a, int flags)
    {
        a.Move(R1, Context);
        a.MoveImmediate(R2, UdpChecksum);
        a.Move(R3, Old);
        a.MoveImmediate(R5, flags);
        a.Call(L4ChecksumReplace);
        a.JumpIf(BpfAssembler.NotEqual, R0, 0, "failed");
    }
}

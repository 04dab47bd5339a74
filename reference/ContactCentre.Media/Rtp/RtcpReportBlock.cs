using System.Buffers.Binary;

namespace ContactCentre.Media;

/// <summary>
/// One reception report block of an RTCP SR or RR (RFC 3550 §6.4.1): how a receiver fares with one source.
/// <paramref name="FractionLost"/> is in 1/256ths since the previous report; <paramref name="Jitter"/> is in
/// timestamp units; LSR and DLSR (1/65536 s) let the sender compute the round-trip time.
/// </summary>
public readonly record struct RtcpReportBlock(
    uint Ssrc,
    byte FractionLost,
    int CumulativeLost,
    uint ExtendedHighestSequence,
    uint Jitter,
    uint LastSenderReport,
    uint DelaySinceLastSenderReport)
{
    public const int Length = 24;

    public static RtcpReportBlock Read(ReadOnlySpan<byte> block)
    {
        // Cumulative lost is a signed 24-bit number.
        int lost = (block[5] << 16) | (block[6] << 8) | block[7];
        if ((lost & 0x800000) != 0)
        {
            lost -= 1 << 24;
        }

        return new RtcpReportBlock(
            BinaryPrimitives.ReadUInt32BigEndian(block),
            block[4],
            lost,
            BinaryPrimitives.ReadUInt32BigEndian(block[8..]),
            BinaryPrimitives.ReadUInt32BigEndian(block[12..]),
            BinaryPrimitives.ReadUInt32BigEndian(block[16..]),
            BinaryPrimitives.ReadUInt32BigEndian(block[20..]));
    }

    public void WriteTo(Span<byte> block)
    {
        BinaryPrimitives.WriteUInt32BigEndian(block, Ssrc);
        block[4] = FractionLost;
        block[5] = (byte)(CumulativeLost >> 16);
        block[6] = (byte)(CumulativeLost >> 8);
        block[7] = (byte)CumulativeLost;
        BinaryPrimitives.WriteUInt32BigEndian(block[8..], ExtendedHighestSequence);
        BinaryPrimitives.WriteUInt32BigEndian(block[12..], Jitter);
        BinaryPrimitives.WriteUInt32BigEndian(block[16..], LastSenderReport);
        BinaryPrimitives.WriteUInt32BigEndian(block[20..], DelaySinceLastSenderReport);
    }
}

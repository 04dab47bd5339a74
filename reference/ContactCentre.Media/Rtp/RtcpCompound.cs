using System.Buffers.Binary;
using System.Text;

namespace ContactCentre.Media;

/// <summary>
/// Compound RTCP packets (RFC 3550 §6.1): what we send is a report (SR if we sent RTP since the last one,
/// else RR), then an SDES with our CNAME (mandatory in every compound packet), then optionally a BYE.
/// Reading walks the packets by their length fields and keeps the SR/RR reports and BYE sources; anything
/// malformed makes the whole datagram invalid rather than throwing.
/// </summary>
public static class RtcpCompound
{
    public const byte SenderReport = 200;
    public const byte ReceiverReport = 201;
    public const byte SourceDescription = 202;
    public const byte Goodbye = 203;
    private const int HeaderLength = 4;
    private const int SenderInfoLength = 20;
    private const byte CnameItem = 1;

    /// <summary>RFC 5761 §4: on a muxed port, a second octet of 192-223 is RTCP (PT 200-204 and kin), not RTP.</summary>
    public static bool LooksLikeRtcp(ReadOnlySpan<byte> datagram) =>
        datagram.Length >= 8 && datagram[0] >> 6 == 2 && datagram[1] is >= 192 and <= 223;

    /// <summary>Writes SR or RR + SDES CNAME (+ BYE); returns the length. 31 blocks at most fit one report.</summary>
    public static int Write(Span<byte> destination, uint ssrc, RtcpSenderInfo? senderInfo, ReadOnlySpan<RtcpReportBlock> blocks, string cname, bool goodbye)
    {
        if (blocks.Length > 31)
        {
            throw new ArgumentException("An RTCP report holds at most 31 report blocks.", nameof(blocks));
        }

        var offset = 0;
        int reportLength = HeaderLength + 4 + (senderInfo is null ? 0 : SenderInfoLength) + (blocks.Length * RtcpReportBlock.Length);
        WriteHeader(destination, blocks.Length, senderInfo is null ? ReceiverReport : SenderReport, reportLength);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], ssrc);
        offset = 8;
        if (senderInfo is { } info)
        {
            BinaryPrimitives.WriteUInt64BigEndian(destination[offset..], info.NtpTimestamp);
            BinaryPrimitives.WriteUInt32BigEndian(destination[(offset + 8)..], info.RtpTimestamp);
            BinaryPrimitives.WriteUInt32BigEndian(destination[(offset + 12)..], info.PacketCount);
            BinaryPrimitives.WriteUInt32BigEndian(destination[(offset + 16)..], info.OctetCount);
            offset += SenderInfoLength;
        }

        foreach (var block in blocks)
        {
            block.WriteTo(destination[offset..]);
            offset += RtcpReportBlock.Length;
        }

        // §6.5: one chunk, CNAME item, then a null item and padding to the next 32-bit boundary.
        int start = offset;
        int nameLength = Math.Min(255, Encoding.UTF8.GetByteCount(cname));
        int chunk = 4 + 2 + nameLength + 1;
        chunk = (chunk + 3) & ~3;
        destination.Slice(start, HeaderLength + chunk).Clear();
        WriteHeader(destination[start..], 1, SourceDescription, HeaderLength + chunk);
        BinaryPrimitives.WriteUInt32BigEndian(destination[(start + 4)..], ssrc);
        destination[start + 8] = CnameItem;
        destination[start + 9] = (byte)nameLength;
        Encoding.UTF8.GetBytes(cname.AsSpan(), destination.Slice(start + 10, nameLength));
        offset = start + HeaderLength + chunk;

        if (goodbye)
        {
            // §6.6: BYE with our one SSRC and no reason.
            WriteHeader(destination[offset..], 1, Goodbye, 8);
            BinaryPrimitives.WriteUInt32BigEndian(destination[(offset + 4)..], ssrc);
            offset += 8;
        }

        return offset;
    }

    /// <summary>
    /// Parses a compound packet: the SR/RR reports in <paramref name="reports"/> and the sources that said BYE
    /// in <paramref name="goodbyes"/>. False (and nothing added) when any part is malformed.
    /// </summary>
    public static bool TryRead(ReadOnlySpan<byte> datagram, TimeSpan receivedAt, List<RtcpReport> reports, List<uint> goodbyes)
    {
        var foundReports = new List<RtcpReport>();
        var foundGoodbyes = new List<uint>();
        var offset = 0;
        if (!LooksLikeRtcp(datagram))
        {
            return false;
        }

        while (offset < datagram.Length)
        {
            var rest = datagram[offset..];
            if (rest.Length < HeaderLength || rest[0] >> 6 != 2)
            {
                return false;
            }

            int count = rest[0] & 0x1F;
            byte type = rest[1];
            int length = (BinaryPrimitives.ReadUInt16BigEndian(rest[2..]) + 1) * 4;
            if (length > rest.Length)
            {
                return false;
            }

            var packet = rest[..length];
            if ((rest[0] & 0x20) != 0)
            {
                // §6.4.1: padding only on the last packet; its last octet counts it.
                int padding = packet[^1];
                if (offset + length != datagram.Length || padding == 0 || padding > length - HeaderLength)
                {
                    return false;
                }

                packet = packet[..^padding];
            }

            switch (type)
            {
                case SenderReport or ReceiverReport:
                    int fixedLength = 8 + (type == SenderReport ? SenderInfoLength : 0);
                    if (packet.Length < fixedLength + (count * RtcpReportBlock.Length))
                    {
                        return false;
                    }

                    RtcpSenderInfo? info = type == SenderReport
                        ? new RtcpSenderInfo(
                            BinaryPrimitives.ReadUInt64BigEndian(packet[8..]),
                            BinaryPrimitives.ReadUInt32BigEndian(packet[16..]),
                            BinaryPrimitives.ReadUInt32BigEndian(packet[20..]),
                            BinaryPrimitives.ReadUInt32BigEndian(packet[24..]))
                        : null;
                    var blocks = new RtcpReportBlock[count];
                    for (var i = 0; i < count; i++)
                    {
                        blocks[i] = RtcpReportBlock.Read(packet[(fixedLength + (i * RtcpReportBlock.Length))..]);
                    }

                    foundReports.Add(new RtcpReport(BinaryPrimitives.ReadUInt32BigEndian(packet[4..]), info, blocks, receivedAt));
                    break;
                case Goodbye:
                    if (packet.Length < HeaderLength + (count * 4))
                    {
                        return false;
                    }

                    for (var i = 0; i < count; i++)
                    {
                        foundGoodbyes.Add(BinaryPrimitives.ReadUInt32BigEndian(packet[(HeaderLength + (i * 4))..]));
                    }

                    break;
                default:
                    break; // SDES, APP, feedback: not needed here
            }

            offset += length;
        }

        reports.AddRange(foundReports);
        goodbyes.AddRange(foundGoodbyes);
        return true;
    }

    private static void WriteHeader(Span<byte> destination, int count, byte type, int length)
    {
        destination[0] = (byte)(0x80 | count);
        destination[1] = type;
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], (ushort)((length / 4) - 1));
    }
}

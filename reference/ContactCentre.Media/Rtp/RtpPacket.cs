using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace ContactCentre.Media;

/// <summary>
/// A view over one RTP datagram (RFC 3550 §5.1). Parsing copies nothing: <see cref="Payload"/> is a
/// slice of the datagram, after any CSRC list and header extension and before any padding.
/// </summary>
public readonly ref struct RtpPacket
{
    public const int FixedHeaderLength = 12;
    private const int Version = 2;

    private RtpPacket(ReadOnlySpan<byte> payload, byte payloadType, bool marker, ushort sequence, uint timestamp, uint ssrc, int csrcCount, bool hasExtension)
    {
        Payload = payload;
        PayloadType = payloadType;
        Marker = marker;
        SequenceNumber = sequence;
        Timestamp = timestamp;
        Ssrc = ssrc;
        CsrcCount = csrcCount;
        HasExtension = hasExtension;
    }

    public byte PayloadType { get; }

    public bool Marker { get; }

    public ushort SequenceNumber { get; }

    public uint Timestamp { get; }

    public uint Ssrc { get; }

    public ReadOnlySpan<byte> Payload { get; }

    public int CsrcCount { get; }

    public bool HasExtension { get; }

    /// <summary>False for anything that is not a well-formed RTP version 2 packet; never throws.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool TryParse(ReadOnlySpan<byte> data, out RtpPacket packet)
    {
        packet = default;
        if (data.Length < FixedHeaderLength || data[0] >> 6 != Version)
        {
            return false;
        }

        bool hasPadding = (data[0] & 0x20) != 0;
        bool hasExtension = (data[0] & 0x10) != 0;
        int csrcCount = data[0] & 0x0F;
        int offset = FixedHeaderLength + (4 * csrcCount);
        if (hasExtension)
        {
            // §5.3.1: 16-bit profile-defined field, 16-bit length in 32-bit words excluding this header.
            if (data.Length < offset + 4)
            {
                return false;
            }

            offset += 4 + (4 * BinaryPrimitives.ReadUInt16BigEndian(data.Slice(offset + 2, 2)));
        }

        int end = data.Length;
        if (hasPadding)
        {
            // §5.1: the last octet counts the padding octets, itself included.
            int padding = data[^1];
            if (padding == 0)
            {
                return false;
            }

            end -= padding;
        }

        if (end < offset)
        {
            return false;
        }

        packet = new RtpPacket(
            data[offset..end],
            (byte)(data[1] & 0x7F),
            (data[1] & 0x80) != 0,
            BinaryPrimitives.ReadUInt16BigEndian(data.Slice(2, 2)),
            BinaryPrimitives.ReadUInt32BigEndian(data.Slice(4, 4)),
            BinaryPrimitives.ReadUInt32BigEndian(data.Slice(8, 4)),
            csrcCount,
            hasExtension);
        return true;
    }

    /// <summary>Writes a version 2 header with no CSRCs, extension or padding, then the payload; returns the length.</summary>
    public static int Write(Span<byte> destination, byte payloadType, bool marker, ushort sequence, uint timestamp, uint ssrc, ReadOnlySpan<byte> payload)
    {
        int length = FixedHeaderLength + payload.Length;
        if (destination.Length < length)
        {
            throw new ArgumentException($"An RTP packet of {length} bytes does not fit in {destination.Length}.", nameof(destination));
        }

        if (payloadType > 127)
        {
            throw new ArgumentOutOfRangeException(nameof(payloadType), payloadType, "An RTP payload type has 7 bits.");
        }

        WriteHeader(destination, payloadType, marker, sequence, timestamp, ssrc);
        payload.CopyTo(destination[FixedHeaderLength..]);
        return length;
    }

    /// <summary>Writes just the 12-byte fixed header, for senders that encode the payload in place after it.</summary>
    internal static void WriteHeader(Span<byte> destination, byte payloadType, bool marker, ushort sequence, uint timestamp, uint ssrc)
    {
        destination[0] = Version << 6;
        destination[1] = (byte)(payloadType | (marker ? 0x80 : 0x00));
        BinaryPrimitives.WriteUInt16BigEndian(destination.Slice(2, 2), sequence);
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(4, 4), timestamp);
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(8, 4), ssrc);
    }
}

using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;

namespace ContactCentre.Media.WebRtc;

/// <summary>
/// Builds a STUN message (RFC 8489 §5, §14) into a caller's buffer without allocating: header first, then
/// attributes in order, then optionally MESSAGE-INTEGRITY and FINGERPRINT, which must come last in that order.
/// </summary>
public ref struct StunMessageWriter
{
    private readonly Span<byte> _buffer;
    private int _length;

    public StunMessageWriter(Span<byte> buffer, StunMessageType type, scoped ReadOnlySpan<byte> transactionId)
    {
        if (transactionId.Length != 12)
        {
            throw new ArgumentException("A STUN transaction ID is 96 bits (RFC 8489 §5).", nameof(transactionId));
        }

        _buffer = buffer;
        BinaryPrimitives.WriteUInt16BigEndian(buffer, (ushort)type);
        BinaryPrimitives.WriteUInt16BigEndian(buffer[2..], 0);
        BinaryPrimitives.WriteUInt32BigEndian(buffer[4..], StunMessage.MagicCookie);
        transactionId.CopyTo(buffer[8..]);
        _length = StunMessage.HeaderLength;
    }

    /// <summary>The byte that pads values to 4 octets; RFC 8489 §14 lets it be anything (RFC 5769's vectors use spaces).</summary>
    public byte Padding { get; init; }

    public readonly int Length => _length;

    public readonly ReadOnlySpan<byte> Written => _buffer[.._length];

    public void AddAttribute(StunAttributeType type, scoped ReadOnlySpan<byte> value)
    {
        int padded = (value.Length + 3) & ~3;
        var attribute = _buffer.Slice(_length, 4 + padded);
        BinaryPrimitives.WriteUInt16BigEndian(attribute, (ushort)type);
        BinaryPrimitives.WriteUInt16BigEndian(attribute[2..], (ushort)value.Length);
        value.CopyTo(attribute[4..]);
        attribute[(4 + value.Length)..].Fill(Padding);
        _length += 4 + padded;
        SetLengthField(_length);
    }

    public void AddText(StunAttributeType type, string text)
    {
        Span<byte> utf8 = stackalloc byte[Encoding.UTF8.GetMaxByteCount(text.Length)];
        int count = Encoding.UTF8.GetBytes(text, utf8);
        AddAttribute(type, utf8[..count]);
    }

    public void AddUInt32(StunAttributeType type, uint value)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, value);
        AddAttribute(type, bytes);
    }

    public void AddUInt64(StunAttributeType type, ulong value)
    {
        Span<byte> bytes = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(bytes, value);
        AddAttribute(type, bytes);
    }

    /// <summary>XOR-MAPPED-ADDRESS (RFC 8489 §14.2): port and address XORed with the cookie (and, for IPv6, the transaction ID).</summary>
    public void AddXorMappedAddress(IPEndPoint endPoint)
    {
        var address = endPoint.Address.IsIPv4MappedToIPv6 ? endPoint.Address.MapToIPv4() : endPoint.Address;
        int addressLength = address.AddressFamily == AddressFamily.InterNetwork ? 4 : 16;
        Span<byte> value = stackalloc byte[4 + addressLength];
        value[0] = 0;
        value[1] = (byte)(addressLength == 4 ? 1 : 2);
        BinaryPrimitives.WriteUInt16BigEndian(value[2..], (ushort)(endPoint.Port ^ (int)(StunMessage.MagicCookie >> 16)));
        address.TryWriteBytes(value[4..], out _);
        Span<byte> mask = stackalloc byte[16];
        BinaryPrimitives.WriteUInt32BigEndian(mask, StunMessage.MagicCookie);
        _buffer.Slice(8, 12).CopyTo(mask[4..]);
        for (var i = 0; i < addressLength; i++)
        {
            value[4 + i] ^= mask[i];
        }

        AddAttribute(StunAttributeType.XorMappedAddress, value);
    }

    /// <summary>ERROR-CODE (RFC 8489 §14.8): class and number, then a reason phrase.</summary>
    public void AddErrorCode(int code, string reason)
    {
        Span<byte> value = stackalloc byte[4 + Encoding.UTF8.GetMaxByteCount(reason.Length)];
        value[0] = 0;
        value[1] = 0;
        value[2] = (byte)(code / 100);
        value[3] = (byte)(code % 100);
        int count = Encoding.UTF8.GetBytes(reason, value[4..]);
        AddAttribute(StunAttributeType.ErrorCode, value[..(4 + count)]);
    }

    /// <summary>MESSAGE-INTEGRITY (RFC 8489 §14.5): HMAC-SHA1 with the length field already counting this attribute.</summary>
    public void AddMessageIntegrity(scoped ReadOnlySpan<byte> key)
    {
        SetLengthField(_length + 4 + StunMessage.IntegrityLength);
        Span<byte> mac = stackalloc byte[StunMessage.IntegrityLength];
        HMACSHA1.HashData(key, _buffer[.._length], mac);
        AddAttribute(StunAttributeType.MessageIntegrity, mac);
    }

    /// <summary>FINGERPRINT (RFC 8489 §14.7): CRC-32 of everything before it, XOR 0x5354554E; returns the message length.</summary>
    public int AddFingerprint()
    {
        SetLengthField(_length + 8);
        uint crc = Crc32.Compute(_buffer[.._length]) ^ StunMessage.FingerprintXor;
        AddUInt32(StunAttributeType.Fingerprint, crc);
        return _length;
    }

    private readonly void SetLengthField(int totalLength) =>
        BinaryPrimitives.WriteUInt16BigEndian(_buffer[2..], (ushort)(totalLength - StunMessage.HeaderLength));
}

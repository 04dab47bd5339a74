using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Security.Cryptography;
using System.Text;

namespace ContactCentre.Media.WebRtc;

/// <summary>
/// A received STUN message (RFC 8489 §5, §14), validated on parse: header, magic cookie, attribute framing, and
/// FINGERPRINT when present. MESSAGE-INTEGRITY needs the key, so it is checked by <see cref="VerifyMessageIntegrity"/>.
/// Copies the datagram, since ICE checks arrive a few times a second rather than per media packet.
/// </summary>
public sealed class StunMessage
{
    public const int HeaderLength = 20;
    public const uint MagicCookie = 0x2112A442;
    internal const uint FingerprintXor = 0x5354554E;
    internal const int IntegrityLength = 20;

    private readonly byte[] _bytes;
    private readonly List<(StunAttributeType Type, int Offset, int Length)> _attributes;
    private readonly int _integrityOffset;

    private StunMessage(byte[] bytes, List<(StunAttributeType, int, int)> attributes, int integrityOffset, bool hasFingerprint)
    {
        _bytes = bytes;
        _attributes = attributes;
        _integrityOffset = integrityOffset;
        HasFingerprint = hasFingerprint;
    }

    public StunMessageType Type => (StunMessageType)BinaryPrimitives.ReadUInt16BigEndian(_bytes);

    public ReadOnlySpan<byte> TransactionId => _bytes.AsSpan(8, 12);

    public bool HasFingerprint { get; }

    public bool HasMessageIntegrity => _integrityOffset >= 0;

    /// <summary>USERNAME (RFC 8489 §14.3) as UTF-8, or null when absent.</summary>
    public string? Username => TryGetAttribute(StunAttributeType.Username, out var value) ? Encoding.UTF8.GetString(value) : null;

    /// <summary>
    /// RFC 7983 §7 and RFC 8489 §5: the two top bits are zero and the magic cookie is in place. A cheap test for a
    /// demultiplexer; <see cref="TryParse"/> does the full check.
    /// </summary>
    public static bool LooksLikeStun(ReadOnlySpan<byte> datagram) =>
        datagram.Length >= HeaderLength && datagram[0] < 4 && BinaryPrimitives.ReadUInt32BigEndian(datagram[4..]) == MagicCookie;

    public static bool TryParse(ReadOnlySpan<byte> datagram, [NotNullWhen(true)] out StunMessage? message)
    {
        message = null;
        if (!LooksLikeStun(datagram))
        {
            return false;
        }

        int length = BinaryPrimitives.ReadUInt16BigEndian(datagram[2..]);
        if (length % 4 != 0 || HeaderLength + length != datagram.Length)
        {
            return false;
        }

        var attributes = new List<(StunAttributeType, int, int)>();
        int integrityOffset = -1;
        bool hasFingerprint = false;
        int offset = HeaderLength;
        while (offset < datagram.Length)
        {
            if (hasFingerprint || datagram.Length - offset < 4)
            {
                return false; // §14.7: FINGERPRINT is last; or a truncated attribute header
            }

            var type = (StunAttributeType)BinaryPrimitives.ReadUInt16BigEndian(datagram[offset..]);
            int valueLength = BinaryPrimitives.ReadUInt16BigEndian(datagram[(offset + 2)..]);
            int padded = (valueLength + 3) & ~3;
            if (datagram.Length - offset - 4 < padded)
            {
                return false;
            }

            if (type == StunAttributeType.Fingerprint)
            {
                if (valueLength != 4)
                {
                    return false;
                }

                uint expected = Crc32.Compute(datagram[..offset]) ^ FingerprintXor;
                if (BinaryPrimitives.ReadUInt32BigEndian(datagram[(offset + 4)..]) != expected)
                {
                    return false;
                }

                hasFingerprint = true;
            }
            else if (integrityOffset < 0)
            {
                // §14.5: attributes after MESSAGE-INTEGRITY, other than FINGERPRINT, are ignored.
                if (type == StunAttributeType.MessageIntegrity)
                {
                    if (valueLength != IntegrityLength)
                    {
                        return false;
                    }

                    integrityOffset = offset;
                }

                attributes.Add((type, offset + 4, valueLength));
            }

            offset += 4 + padded;
        }

        message = new StunMessage(datagram.ToArray(), attributes, integrityOffset, hasFingerprint);
        return true;
    }

    public bool TryGetAttribute(StunAttributeType type, out ReadOnlySpan<byte> value)
    {
        foreach (var (t, offset, length) in _attributes)
        {
            if (t == type)
            {
                value = _bytes.AsSpan(offset, length);
                return true;
            }
        }

        value = default;
        return false;
    }

    public bool HasAttribute(StunAttributeType type) => TryGetAttribute(type, out _);

    /// <summary>Comprehension-required attributes (below 0x8000, RFC 8489 §15) this implementation does not know.</summary>
    public IReadOnlyList<ushort> UnknownComprehensionRequired()
    {
        List<ushort>? unknown = null;
        foreach (var (type, _, _) in _attributes)
        {
            if ((ushort)type < 0x8000 && !Enum.IsDefined(type))
            {
                (unknown ??= []).Add((ushort)type);
            }
        }

        return unknown ?? (IReadOnlyList<ushort>)[];
    }

    /// <summary>
    /// RFC 8489 §14.5: HMAC-SHA1 over the message up to MESSAGE-INTEGRITY, with the header length counting up to
    /// and including that attribute. Short-term credentials (§9.1): the key is the password itself.
    /// </summary>
    public bool VerifyMessageIntegrity(ReadOnlySpan<byte> key)
    {
        if (_integrityOffset < 0)
        {
            return false;
        }

        Span<byte> covered = stackalloc byte[_integrityOffset];
        _bytes.AsSpan(0, _integrityOffset).CopyTo(covered);
        BinaryPrimitives.WriteUInt16BigEndian(covered[2..], (ushort)(_integrityOffset + 4 + IntegrityLength - HeaderLength));
        Span<byte> mac = stackalloc byte[IntegrityLength];
        HMACSHA1.HashData(key, covered, mac);
        return CryptographicOperations.FixedTimeEquals(mac, _bytes.AsSpan(_integrityOffset + 4, IntegrityLength));
    }

    /// <summary>XOR-MAPPED-ADDRESS (RFC 8489 §14.2), or null when absent or malformed.</summary>
    public IPEndPoint? XorMappedAddress
    {
        get
        {
            if (!TryGetAttribute(StunAttributeType.XorMappedAddress, out var value) || value.Length < 8)
            {
                return null;
            }

            int port = BinaryPrimitives.ReadUInt16BigEndian(value[2..]) ^ (int)(MagicCookie >> 16);
            Span<byte> mask = stackalloc byte[16];
            BinaryPrimitives.WriteUInt32BigEndian(mask, MagicCookie);
            TransactionId.CopyTo(mask[4..]);
            int addressLength = value[1] switch { 1 => 4, 2 => 16, _ => 0 };
            if (addressLength == 0 || value.Length != 4 + addressLength)
            {
                return null;
            }

            Span<byte> address = stackalloc byte[addressLength];
            for (var i = 0; i < addressLength; i++)
            {
                address[i] = (byte)(value[4 + i] ^ mask[i]);
            }

            return new IPEndPoint(new IPAddress(address), port);
        }
    }

    /// <summary>ERROR-CODE (RFC 8489 §14.8) as class × 100 + number, or null when absent.</summary>
    public int? ErrorCode =>
        TryGetAttribute(StunAttributeType.ErrorCode, out var value) && value.Length >= 4 ? ((value[2] & 0x7) * 100) + value[3] : null;
}

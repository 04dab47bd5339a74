using System.Buffers.Binary;

namespace ContactCentre.Media;

/// <summary>The payload of an RFC 4733 §2.3 named telephone event packet, and the DTMF event codes of §3.2.</summary>
public readonly record struct TelephoneEvent(byte Event, bool End, byte Volume, ushort Duration)
{
    public const int PayloadLength = 4;

    public static bool TryParse(ReadOnlySpan<byte> payload, out TelephoneEvent telephoneEvent)
    {
        if (payload.Length < PayloadLength)
        {
            telephoneEvent = default;
            return false;
        }

        telephoneEvent = new TelephoneEvent(
            payload[0],
            (payload[1] & 0x80) != 0,
            (byte)(payload[1] & 0x3F),
            BinaryPrimitives.ReadUInt16BigEndian(payload.Slice(2, 2)));
        return true;
    }

    public int WriteTo(Span<byte> destination)
    {
        destination[0] = Event;
        destination[1] = (byte)((End ? 0x80 : 0x00) | (Volume & 0x3F));
        BinaryPrimitives.WriteUInt16BigEndian(destination.Slice(2, 2), Duration);
        return PayloadLength;
    }

    /// <summary>RFC 4733 §3.2: 0-9 are events 0-9, * is 10, # is 11, A-D are 12-15.</summary>
    public static bool TryGetEventCode(char digit, out byte code)
    {
        switch (digit)
        {
            case >= '0' and <= '9':
                code = (byte)(digit - '0');
                return true;
            case '*':
                code = 10;
                return true;
            case '#':
                code = 11;
                return true;
            case >= 'A' and <= 'D':
                code = (byte)(digit - 'A' + 12);
                return true;
            case >= 'a' and <= 'd':
                code = (byte)(digit - 'a' + 12);
                return true;
            default:
                code = 0;
                return false;
        }
    }

    public static bool TryGetDigit(byte code, out char digit)
    {
        digit = code switch
        {
            <= 9 => (char)('0' + code),
            10 => '*',
            11 => '#',
            <= 15 => (char)('A' + code - 12),
            _ => '\0',
        };
        return digit != '\0';
    }
}

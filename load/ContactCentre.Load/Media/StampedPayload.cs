using ContactCentre.Media;

namespace ContactCentre.Load.Media;

/// <summary>
/// The 160-byte PCMU payload of a simulated phone's packet, carrying which stream it belongs to and when it was
/// sent. Our bridge rewrites the RTP header (its own SSRC, sequence and timestamp) and transcodes when the legs'
/// codecs differ, so the stamp lives in the payload, one nibble per byte as µ-law codes 0x40-0x4F: mid-scale
/// levels that G.711 decodes and encodes back to the same code. The rest is µ-law silence (0xFF).
/// </summary>
public static class StampedPayload
{
    public const int Length = 160;
    private const int StreamNibbles = 5;
    private const int TimeNibbles = 10;
    private const int StampLength = StreamNibbles + TimeNibbles;
    private const byte NibbleCode = 0x40;
    private const byte Silence = 0xFF;

    /// <summary>Throws unless every code the stamp uses survives decode and re-encode, as our bridge does to it.</summary>
    public static void CheckSurvivesTranscoding()
    {
        for (var nibble = 0; nibble < 16; nibble++)
        {
            var code = (byte)(NibbleCode | nibble);
            if (G711.LinearToMuLaw(G711.MuLawToLinear(code)) != code)
            {
                throw new InvalidOperationException($"µ-law code 0x{code:X2} does not survive G.711 decode and encode; the payload stamp would be lost in the bridge.");
            }
        }
    }

    /// <summary>Fills the constant part once; <see cref="Stamp"/> then writes only the first bytes per packet.</summary>
    public static void Prepare(Span<byte> payload) => payload[StampLength..Length].Fill(Silence);

    public static void Stamp(Span<byte> payload, int stream, long sentMicroseconds)
    {
        WriteNibbles(payload[..StreamNibbles], stream);
        WriteNibbles(payload.Slice(StreamNibbles, TimeNibbles), sentMicroseconds);
    }

    public static bool TryRead(ReadOnlySpan<byte> payload, out int stream, out long sentMicroseconds)
    {
        stream = 0;
        sentMicroseconds = 0;
        if (payload.Length < StampLength || !TryReadNibbles(payload[..StreamNibbles], out long id)
            || !TryReadNibbles(payload.Slice(StreamNibbles, TimeNibbles), out sentMicroseconds))
        {
            return false;
        }

        stream = (int)id;
        return true;
    }

    private static void WriteNibbles(Span<byte> target, long value)
    {
        for (var i = target.Length - 1; i >= 0; i--)
        {
            target[i] = (byte)(NibbleCode | (int)(value & 0xF));
            value >>= 4;
        }
    }

    private static bool TryReadNibbles(ReadOnlySpan<byte> source, out long value)
    {
        value = 0;
        foreach (var code in source)
        {
            if ((code & 0xF0) != NibbleCode)
            {
                return false;
            }

            value = (value << 4) | (long)(code & 0x0F);
        }

        return true;
    }
}

using System.Runtime.CompilerServices;

namespace ContactCentre.Media;

/// <summary>
/// ITU-T G.711 (11/88) µ-law and A-law companding between 16-bit linear PCM and 8-bit codes.
/// Decoded values are the reconstruction levels of G.711 tables 1a/2a, scaled from 13-bit (A-law) and
/// 14-bit (µ-law) to 16-bit. Codes are as transmitted, i.e. with the even-bit inversion (A-law) and
/// full inversion (µ-law) of the Recommendation already applied.
/// </summary>
public static class G711
{
    // µ-law adds a bias of 33 in 14-bit units (132 in 16-bit) so every segment starts at a power of two.
    private const int MuLawBias = 0x84;
    private const int MuLawClip = 32635;

    private static readonly short[] MuLawTable = BuildTable(DecodeMuLaw);
    private static readonly short[] ALawTable = BuildTable(DecodeALaw);

    public static byte LinearToMuLaw(short s)
    {
        int sign = s < 0 ? 0x80 : 0x00;
        int magnitude = Math.Min(Math.Abs((int)s), MuLawClip) + MuLawBias;
        int exponent = SegmentOf(magnitude >> 7);
        int mantissa = (magnitude >> (exponent + 3)) & 0x0F;
        return (byte)~(sign | (exponent << 4) | mantissa);
    }

    public static short MuLawToLinear(byte b) => MuLawTable[b];

    public static byte LinearToALaw(short s)
    {
        // Positive values carry the sign bit; 0x55 is the even-bit inversion of G.711 §A.
        int mask = s >= 0 ? 0xD5 : 0x55;
        int magnitude = s >= 0 ? s : -s - 1;
        int exponent = SegmentOf(magnitude >> 7);
        int mantissa = exponent == 0 ? (magnitude >> 4) & 0x0F : (magnitude >> (exponent + 3)) & 0x0F;
        return (byte)(((exponent << 4) | mantissa) ^ mask);
    }

    public static short ALawToLinear(byte b) => ALawTable[b];

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Encode(AudioCodec codec, ReadOnlySpan<short> pcm, Span<byte> payload)
    {
        if (payload.Length < pcm.Length)
        {
            throw new ArgumentException($"Payload holds {payload.Length} bytes but {pcm.Length} samples need encoding.", nameof(payload));
        }

        switch (codec)
        {
            case AudioCodec.Pcmu:
                for (var i = 0; i < pcm.Length; i++)
                {
                    payload[i] = LinearToMuLaw(pcm[i]);
                }

                break;
            case AudioCodec.Pcma:
                for (var i = 0; i < pcm.Length; i++)
                {
                    payload[i] = LinearToALaw(pcm[i]);
                }

                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(codec), codec, "G.711 covers PCMU and PCMA only.");
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Decode(AudioCodec codec, ReadOnlySpan<byte> payload, Span<short> pcm)
    {
        if (pcm.Length < payload.Length)
        {
            throw new ArgumentException($"PCM buffer holds {pcm.Length} samples but the payload has {payload.Length}.", nameof(pcm));
        }

        var table = codec switch
        {
            AudioCodec.Pcmu => MuLawTable,
            AudioCodec.Pcma => ALawTable,
            _ => throw new ArgumentOutOfRangeException(nameof(codec), codec, "G.711 covers PCMU and PCMA only."),
        };
        for (var i = 0; i < payload.Length; i++)
        {
            pcm[i] = table[payload[i]];
        }
    }

    /// <summary>Segment (exponent) 0..7 for a value whose segment-0 range has been shifted down to 0..1.</summary>
    private static int SegmentOf(int shifted)
    {
        var segment = 0;
        while (shifted > 1 && segment < 7)
        {
            shifted >>= 1;
            segment++;
        }

        return segment;
    }

    private static short DecodeMuLaw(byte code)
    {
        int inverted = ~code & 0xFF;
        int exponent = (inverted >> 4) & 0x07;
        int mantissa = inverted & 0x0F;
        int magnitude = (((mantissa << 3) + MuLawBias) << exponent) - MuLawBias;
        return (short)((inverted & 0x80) != 0 ? -magnitude : magnitude);
    }

    private static short DecodeALaw(byte code)
    {
        int value = code ^ 0x55;
        int exponent = (value >> 4) & 0x07;
        int mantissa = value & 0x0F;
        // Reconstruct at the middle of the quantisation interval (G.711 table 1a, column 7).
        int magnitude = exponent == 0
            ? (mantissa << 4) + 8
            : ((mantissa << 4) + 0x108) << (exponent - 1);
        return (short)((value & 0x80) != 0 ? magnitude : -magnitude);
    }

    private static short[] BuildTable(Func<byte, short> decode)
    {
        var table = new short[256];
        for (var i = 0; i < 256; i++)
        {
            table[i] = decode((byte)i);
        }

        return table;
    }
}

using System.Buffers.Binary;

namespace ContactCentre.Media.Tests.Audio;

/// <summary>Builds WAV files of any layout in memory, so each test makes the file it reads instead of carrying binary fixtures.</summary>
internal sealed class TestWav
{
    private readonly List<(string Id, byte[] Body)> _chunks = [];

    public static byte[] Pcm16Bytes(ReadOnlySpan<short> samples)
    {
        var bytes = new byte[samples.Length * 2];
        for (var i = 0; i < samples.Length; i++)
        {
            BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan(2 * i), samples[i]);
        }

        return bytes;
    }

    public static byte[] Pcm24Bytes(ReadOnlySpan<short> samples)
    {
        var bytes = new byte[samples.Length * 3];
        for (var i = 0; i < samples.Length; i++)
        {
            int value = samples[i] << 8; // the 16-bit value in the top bits, plus a low byte the reader drops
            bytes[3 * i] = 0x5A;
            bytes[(3 * i) + 1] = (byte)(value >> 8);
            bytes[(3 * i) + 2] = (byte)(value >> 16);
        }

        return bytes;
    }

    public static short[] Interleave(short[] left, short[] right)
    {
        var both = new short[left.Length * 2];
        for (var i = 0; i < left.Length; i++)
        {
            both[2 * i] = left[i];
            both[(2 * i) + 1] = right[i];
        }

        return both;
    }

    /// <summary>A plain 16-byte fmt chunk.</summary>
    public TestWav Format(ushort tag, ushort channels, int sampleRate, ushort bits)
    {
        var body = new byte[16];
        WriteFormat(body, tag, channels, sampleRate, bits);
        return Chunk("fmt ", body);
    }

    /// <summary>A 40-byte WAVE_FORMAT_EXTENSIBLE fmt chunk with the standard KSDATAFORMAT sub-format GUID for <paramref name="subFormat"/>.</summary>
    public TestWav ExtensibleFormat(ushort subFormat, ushort channels, int sampleRate, ushort bits, bool standardGuid = true)
    {
        var body = new byte[40];
        WriteFormat(body, 0xFFFE, channels, sampleRate, bits);
        BinaryPrimitives.WriteUInt16LittleEndian(body.AsSpan(16), 22);
        BinaryPrimitives.WriteUInt16LittleEndian(body.AsSpan(18), bits);
        BinaryPrimitives.WriteUInt32LittleEndian(body.AsSpan(20), channels == 1 ? 0x4u : 0x3u);
        var guid = new Guid($"{subFormat:x8}-0000-0010-8000-00aa00389b71");
        guid.TryWriteBytes(body.AsSpan(24));
        if (!standardGuid)
        {
            body[39] ^= 0xFF;
        }

        return Chunk("fmt ", body);
    }

    public TestWav Chunk(string id, byte[] body)
    {
        _chunks.Add((id, body));
        return this;
    }

    public TestWav Data(byte[] body) => Chunk("data", body);

    public byte[] ToBytes()
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.ASCII, leaveOpen: true))
        {
            writer.Write("RIFF"u8);
            writer.Write(0);
            writer.Write("WAVE"u8);
            foreach (var (id, body) in _chunks)
            {
                writer.Write(System.Text.Encoding.ASCII.GetBytes(id));
                writer.Write(body.Length);
                writer.Write(body);
                if (body.Length % 2 == 1)
                {
                    writer.Write((byte)0); // RIFF pad byte
                }
            }
        }

        byte[] bytes = stream.ToArray();
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(4), bytes.Length - 8);
        return bytes;
    }

    private static void WriteFormat(Span<byte> body, ushort tag, ushort channels, int sampleRate, ushort bits)
    {
        int blockAlign = Math.Max(1, channels * bits / 8);
        BinaryPrimitives.WriteUInt16LittleEndian(body, tag);
        BinaryPrimitives.WriteUInt16LittleEndian(body[2..], channels);
        BinaryPrimitives.WriteInt32LittleEndian(body[4..], sampleRate);
        BinaryPrimitives.WriteInt32LittleEndian(body[8..], sampleRate * blockAlign);
        BinaryPrimitives.WriteUInt16LittleEndian(body[12..], (ushort)blockAlign);
        BinaryPrimitives.WriteUInt16LittleEndian(body[14..], bits);
    }
}

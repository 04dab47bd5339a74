using System.Buffers.Binary;

namespace ContactCentre.Media.Tests.Recording;

/// <summary>A call recording read back as the tests see it: its two channels and what its header declares.</summary>
internal sealed record CallRecorderWav(short[] Left, short[] Right, int Channels, int SampleRate, int BitsPerSample, uint RiffSize, uint DataSize, long FileLength)
{
    /// <summary>Reads even while the recorder still has the file open, as a crash would leave it.</summary>
    public static CallRecorderWav Read(string path)
    {
        byte[] bytes;
        using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite))
        {
            bytes = new byte[stream.Length];
            stream.ReadExactly(bytes);
        }

        var span = bytes.AsSpan();
        Assert.True(span[..4].SequenceEqual("RIFF"u8) && span[8..12].SequenceEqual("WAVE"u8) && span[12..16].SequenceEqual("fmt "u8) && span[36..40].SequenceEqual("data"u8));
        Assert.Equal(1, BinaryPrimitives.ReadUInt16LittleEndian(span[20..]));
        uint data = BinaryPrimitives.ReadUInt32LittleEndian(span[40..]);
        int pairs = (int)Math.Min(data, (uint)(bytes.Length - 44)) / 4;
        var left = new short[pairs];
        var right = new short[pairs];
        for (var i = 0; i < pairs; i++)
        {
            left[i] = BinaryPrimitives.ReadInt16LittleEndian(span[(44 + (4 * i))..]);
            right[i] = BinaryPrimitives.ReadInt16LittleEndian(span[(46 + (4 * i))..]);
        }

        return new CallRecorderWav(
            left,
            right,
            BinaryPrimitives.ReadUInt16LittleEndian(span[22..]),
            BinaryPrimitives.ReadInt32LittleEndian(span[24..]),
            BinaryPrimitives.ReadUInt16LittleEndian(span[34..]),
            BinaryPrimitives.ReadUInt32LittleEndian(span[4..]),
            data,
            bytes.Length);
    }
}

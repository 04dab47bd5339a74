using System.Buffers.Binary;
using ContactCentre.Media.Tests.Support;

namespace ContactCentre.Media.Tests.Audio;

[Trait("Category", "Unit")]
public sealed class WavWriterTests
{
    [Fact]
    public void Frames_written_one_by_one_read_back_with_a_valid_header()
    {
        short[] tone = Signals.Tone(1000, 1000);
        var stream = new MemoryStream();
        using (var writer = new WavWriter(stream))
        {
            for (var i = 0; i < tone.Length; i += 160)
            {
                writer.Write(tone.AsSpan(i, Math.Min(160, tone.Length - i)));
            }

            Assert.Equal(1000, writer.SampleCount);
            Assert.Equal(TimeSpan.FromMilliseconds(125), writer.Duration);
        }

        byte[] file = stream.ToArray();
        Assert.Equal(44 + 2000, file.Length);
        Assert.Equal(36 + 2000, BinaryPrimitives.ReadInt32LittleEndian(file.AsSpan(4)));
        Assert.Equal(2000, BinaryPrimitives.ReadInt32LittleEndian(file.AsSpan(40)));
        Assert.True(WavFile.TryRead(file, out var audio, out string? error), error);
        Assert.Equal((WavEncoding.Pcm, 8000, 1, 16), (audio.Encoding, audio.SampleRate, audio.Channels, audio.BitsPerSample));
        Assert.Equal(tone, audio.Samples);
    }

    [Fact]
    public void A_file_not_yet_completed_is_readable_to_its_end()
    {
        var stream = new MemoryStream();
        var writer = new WavWriter(stream);
        writer.Write([5, 6, 7]);
        stream.Flush();

        Assert.True(WavFile.TryRead(stream.ToArray(), out var audio, out string? error), error);
        Assert.Equal(new short[] { 5, 6, 7 }, audio.Samples);
    }

    [Fact]
    public void Trimming_drops_the_last_samples()
    {
        var stream = new MemoryStream();
        using (var writer = new WavWriter(stream))
        {
            writer.Write([1, 2, 3, 4, 5]);
            writer.TrimTo(2);
            writer.Write([9]);
            writer.TrimTo(10); // never lengthens
        }

        Assert.True(WavFile.TryRead(stream.ToArray(), out var audio, out string? error), error);
        Assert.Equal(new short[] { 1, 2, 9 }, audio.Samples);
    }

    [Fact]
    public void A_stream_that_cannot_seek_is_refused()
    {
        Assert.Throws<ArgumentException>(() => new WavWriter(new NonSeekable()));
    }

    private sealed class NonSeekable : MemoryStream
    {
        public override bool CanSeek => false;
    }
}

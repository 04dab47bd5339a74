using ContactCentre.Media.Tests.Support;

namespace ContactCentre.Media.Tests.Audio;

/// <summary>The formats prompts and uploads come in, and the faults a bad file is refused with.</summary>
[Trait("Category", "Unit")]
public sealed class WavReadingTests
{
    private static readonly double[] Candidates = [400, 600, 1000, 1400, 2000];

    [Theory]
    [InlineData(8000)]
    [InlineData(16000)]
    [InlineData(44100)]
    [InlineData(48000)]
    public void Pcm16_at_each_rate_reads_as_8kHz_with_its_facts(int rate)
    {
        short[] tone = Signals.Tone(1000, rate / 2, 10000, sampleRate: rate);
        byte[] file = new TestWav().Format(1, 1, rate, 16).Data(TestWav.Pcm16Bytes(tone)).ToBytes();

        Assert.True(WavFile.TryRead(file, out var audio, out string? error), error);

        Assert.Equal((WavEncoding.Pcm, rate, 1, 16, false), (audio.Encoding, audio.SampleRate, audio.Channels, audio.BitsPerSample, audio.IsExtensible));
        Assert.Equal(TimeSpan.FromMilliseconds(500), audio.Duration);
        Assert.Equal(4000, audio.Samples.Length);
        Assert.Equal(1000, Goertzel.DominantFrequency(audio.Samples, Candidates));
    }

    [Fact]
    public void Pcm24_keeps_the_top_16_bits()
    {
        short[] samples = [0, 1, -1, short.MaxValue, short.MinValue, 12345];
        byte[] file = new TestWav().Format(1, 1, 8000, 24).Data(TestWav.Pcm24Bytes(samples)).ToBytes();

        Assert.True(WavFile.TryRead(file, out var audio, out string? error), error);

        Assert.Equal(24, audio.BitsPerSample);
        Assert.Equal(samples, audio.Samples);
    }

    [Fact]
    public void Stereo_is_the_average_of_its_channels()
    {
        short[] left = [1000, -2000, 30000, -32768];
        short[] right = [3000, 2000, 30000, -32768];
        byte[] file = new TestWav().Format(1, 2, 8000, 16).Data(TestWav.Pcm16Bytes(TestWav.Interleave(left, right))).ToBytes();

        Assert.True(WavFile.TryRead(file, out var audio, out string? error), error);

        Assert.Equal(2, audio.Channels);
        Assert.Equal(new short[] { 2000, 0, 30000, -32768 }, audio.Samples);
    }

    [Theory]
    [InlineData((ushort)7, WavEncoding.MuLaw)]
    [InlineData((ushort)6, WavEncoding.ALaw)]
    public void G711_files_plain_and_extensible_decode_as_G711(ushort tag, WavEncoding encoding)
    {
        short[] tone = Signals.Tone(1000, 800);
        var codec = encoding == WavEncoding.MuLaw ? AudioCodec.Pcmu : AudioCodec.Pcma;
        var payload = new byte[tone.Length];
        G711.Encode(codec, tone, payload);

        Assert.True(WavFile.TryRead(new TestWav().Format(tag, 1, 8000, 8).Data(payload).ToBytes(), out var plain, out string? error), error);
        Assert.True(WavFile.TryRead(new TestWav().ExtensibleFormat(tag, 1, 8000, 8).Data(payload).ToBytes(), out var extensible, out error), error);

        Assert.Equal(encoding, plain.Encoding);
        Assert.Equal(Signals.ThroughG711(codec, tone), plain.Samples);
        Assert.True(extensible.IsExtensible);
        Assert.Equal(encoding, extensible.Encoding);
        Assert.Equal(plain.Samples, extensible.Samples);
    }

    [Fact]
    public void Extensible_stereo_48kHz_pcm_reads_like_plain()
    {
        short[] tone = Signals.Tone(1000, 4800, 8000, sampleRate: 48000);
        byte[] data = TestWav.Pcm16Bytes(TestWav.Interleave(tone, tone));

        Assert.True(WavFile.TryRead(new TestWav().ExtensibleFormat(1, 2, 48000, 16).Data(data).ToBytes(), out var extensible, out string? error), error);
        Assert.True(WavFile.TryRead(new TestWav().Format(1, 2, 48000, 16).Data(data).ToBytes(), out var plain, out error), error);

        Assert.Equal((WavEncoding.Pcm, 48000, 2, true), (extensible.Encoding, extensible.SampleRate, extensible.Channels, extensible.IsExtensible));
        Assert.Equal(plain.Samples, extensible.Samples);
        Assert.Equal(TimeSpan.FromMilliseconds(100), extensible.Duration);
    }

    [Fact]
    public void List_fact_and_odd_sized_chunks_are_skipped()
    {
        short[] samples = [1, 2, 3, -4];
        byte[] file = new TestWav()
            .Chunk("LIST", "INFOISFT\u0005\0\0\0test\0"u8.ToArray()) // 17 bytes: odd, so a pad byte follows
            .Format(1, 1, 8000, 16)
            .Chunk("fact", [4, 0, 0, 0])
            .Chunk("junk", new byte[3])
            .Data(TestWav.Pcm16Bytes(samples))
            .Chunk("LIST", new byte[10])
            .ToBytes();

        Assert.True(WavFile.TryRead(file, out var audio, out string? error), error);

        Assert.Equal(samples, audio.Samples);
    }

    [Fact]
    public void A_stream_reads_like_bytes()
    {
        byte[] file = new TestWav().Format(1, 1, 16000, 16).Data(TestWav.Pcm16Bytes(Signals.Tone(1000, 1600, sampleRate: 16000))).ToBytes();

        Assert.True(WavFile.TryRead(new MemoryStream(file), out var audio, out string? error), error);

        Assert.Equal(16000, audio.SampleRate);
        Assert.Equal(800, audio.Samples.Length);
    }

    public static TheoryData<string, byte[]> BadFiles => new()
    {
        { "not a RIFF/WAVE file", "ID3\u0004 an mp3 upload"u8.ToArray() },
        { "RF64", [.. "RF64"u8, .. new byte[40]] },
        { "no fmt chunk", new TestWav().Data([0, 0]).ToBytes()[..12] },
        { "data chunk comes before any fmt chunk", new TestWav().Data([0, 0]).Format(1, 1, 8000, 16).ToBytes() },
        { "fmt chunk is 14 bytes, shorter than 16", new TestWav().Chunk("fmt ", new byte[14]).Data([0, 0]).ToBytes() },
        { "fmt chunk declares 16 bytes but the file ends after 8", new TestWav().Format(1, 1, 8000, 16).ToBytes()[..28] },
        { "no data chunk", new TestWav().Format(1, 1, 8000, 16).Chunk("LIST", new byte[4]).ToBytes() },
        { "ends inside the 'LIST' chunk", new TestWav().Format(1, 1, 8000, 16).Chunk("LIST", new byte[40]).ToBytes()[..50] },
        { "format tag 85 with 0 bits per sample", new TestWav().Format(85, 1, 8000, 0).Data([0, 0]).ToBytes() }, // MP3 in a WAV
        { "format tag 1 with 12 bits per sample", new TestWav().Format(1, 1, 8000, 12).Data([0, 0]).ToBytes() },
        { "fmt chunk declares no channels", new TestWav().Format(1, 0, 8000, 16).Data([0, 0]).ToBytes() },
        { "9 channels; at most 8", new TestWav().Format(1, 9, 8000, 16).Data(new byte[18]).ToBytes() },
        { "sample rate 2000 Hz is outside", new TestWav().Format(1, 1, 2000, 16).Data([0, 0]).ToBytes() },
        { "sample rate 384000 Hz is outside", new TestWav().Format(1, 1, 384000, 16).Data([0, 0]).ToBytes() },
        { "too short to hold its sub-format", new TestWav().Format(0xFFFE, 1, 8000, 16).Data([0, 0]).ToBytes() },
        { "is not a standard audio format", new TestWav().ExtensibleFormat(1, 1, 8000, 16, standardGuid: false).Data([0, 0]).ToBytes() },
        { "shorter than one 4-byte sample frame", new TestWav().Format(1, 2, 8000, 16).Data([0, 0]).ToBytes() },
    };

    [Theory]
    [MemberData(nameof(BadFiles))]
    public void A_bad_file_is_refused_naming_the_fault(string fault, byte[] file)
    {
        Assert.False(WavFile.TryRead(file, out var audio, out string? error));

        Assert.Null(audio);
        Assert.Contains(fault, error, StringComparison.Ordinal);
    }
}

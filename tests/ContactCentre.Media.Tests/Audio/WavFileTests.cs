using System.Buffers.Binary;
using ContactCentre.Media.Tests.Support;

namespace ContactCentre.Media.Tests.Audio;

[Trait("Category", "Unit")]
public sealed class WavFileTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("media-wav-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Written_file_reads_back_unchanged()
    {
        string path = PathFor("roundtrip.wav");
        short[] samples = Signals.Tone(1000, 800);

        WavFile.WriteMono8k(path, samples);

        Assert.Equal(samples, WavFile.ReadMono8k(path));
        Assert.Equal(44 + 1600, new FileInfo(path).Length);
    }

    [Fact]
    public void Stereo_16kHz_becomes_mono_8kHz_keeping_the_tone_frequency()
    {
        string path = PathFor("stereo16k.wav");
        short[] tone = Signals.Tone(1000, 16000, 10000, sampleRate: 16000);
        var interleaved = new short[tone.Length * 2];
        for (var i = 0; i < tone.Length; i++)
        {
            interleaved[2 * i] = tone[i];
            interleaved[(2 * i) + 1] = tone[i];
        }

        File.WriteAllBytes(path, Wav(formatTag: 1, channels: 2, sampleRate: 16000, bitsPerSample: 16, Pcm16(interleaved)));

        short[] mono = WavFile.ReadMono8k(path);

        Assert.Equal(8000, mono.Length);
        Assert.Equal(1000, Goertzel.DominantFrequency(mono, [500, 600, 1000, 1400, 2000]));
        Assert.True(Goertzel.Power(mono, 1000) > 0.05, "the tone keeps most of its level");
    }

    [Fact]
    public void Upsamples_a_6kHz_file_to_8kHz()
    {
        string path = PathFor("6k.wav");
        File.WriteAllBytes(path, Wav(1, 1, 6000, 16, Pcm16(Signals.Tone(600, 6000, sampleRate: 6000))));

        short[] mono = WavFile.ReadMono8k(path);

        Assert.Equal(8000, mono.Length);
        Assert.Equal(600, Goertzel.DominantFrequency(mono, [400, 600, 1000]));
    }

    [Theory]
    [InlineData(7)]
    [InlineData(6)]
    public void Reads_g711_files(ushort formatTag)
    {
        string path = PathFor("g711.wav");
        short[] tone = Signals.Tone(1000, 800);
        var codec = formatTag == 7 ? AudioCodec.Pcmu : AudioCodec.Pcma;
        var payload = new byte[tone.Length];
        G711.Encode(codec, tone, payload);
        File.WriteAllBytes(path, Wav(formatTag, 1, 8000, 8, payload));

        Assert.Equal(Signals.ThroughG711(codec, tone), WavFile.ReadMono8k(path));
    }

    [Fact]
    public void Reads_8_bit_unsigned_pcm()
    {
        string path = PathFor("8bit.wav");
        File.WriteAllBytes(path, Wav(1, 1, 8000, 8, [128, 255, 0]));

        Assert.Equal(new short[] { 0, 127 << 8, -128 << 8 }, WavFile.ReadMono8k(path));
    }

    [Fact]
    public void A_file_that_is_not_wav_fails_naming_the_path()
    {
        string path = PathFor("not-audio.wav");
        File.WriteAllText(path, "this is a text file, not a prompt");

        var error = Assert.Throws<InvalidDataException>(() => WavFile.ReadMono8k(path));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("RIFF", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unsupported_encoding_fails_naming_the_path_and_the_format()
    {
        string path = PathFor("adpcm.wav");
        File.WriteAllBytes(path, Wav(formatTag: 2, 1, 8000, 4, new byte[100]));

        var error = Assert.Throws<InvalidDataException>(() => WavFile.ReadMono8k(path));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("format tag 2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_without_data_fails_naming_the_path()
    {
        string path = PathFor("nodata.wav");
        byte[] full = Wav(1, 1, 8000, 16, []);
        File.WriteAllBytes(path, full[..36]);

        var error = Assert.Throws<InvalidDataException>(() => WavFile.ReadMono8k(path));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("no data chunk", error.Message, StringComparison.Ordinal);
    }

    private string PathFor(string name) => Path.Combine(_directory, name);

    private static byte[] Pcm16(short[] samples)
    {
        var bytes = new byte[samples.Length * 2];
        for (var i = 0; i < samples.Length; i++)
        {
            BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan(2 * i), samples[i]);
        }

        return bytes;
    }

    private static byte[] Wav(ushort formatTag, ushort channels, int sampleRate, ushort bitsPerSample, byte[] data)
    {
        var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream))
        {
            int blockAlign = Math.Max(1, channels * bitsPerSample / 8);
            writer.Write("RIFF"u8);
            writer.Write(36 + data.Length);
            writer.Write("WAVE"u8);
            writer.Write("fmt "u8);
            writer.Write(16);
            writer.Write(formatTag);
            writer.Write(channels);
            writer.Write(sampleRate);
            writer.Write(sampleRate * blockAlign);
            writer.Write((ushort)blockAlign);
            writer.Write(bitsPerSample);
            writer.Write("data"u8);
            writer.Write(data.Length);
            writer.Write(data);
        }

        return stream.ToArray();
    }
}

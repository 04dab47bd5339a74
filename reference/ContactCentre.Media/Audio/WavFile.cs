using System.Buffers.Binary;

namespace ContactCentre.Media;

/// <summary>
/// Prompts on disk. Reads RIFF/WAVE files in linear PCM (8, 16, 24, 32 bit), IEEE float, µ-law or
/// A-law, at any sample rate and channel count, into the 8 kHz 16-bit mono the RTP sessions play.
/// </summary>
public static class WavFile
{
    private const int TargetRate = 8000;
    private const ushort FormatPcm = 1;
    private const ushort FormatFloat = 3;
    private const ushort FormatALaw = 6;
    private const ushort FormatMuLaw = 7;
    private const ushort FormatExtensible = 0xFFFE;

    public static short[] ReadMono8k(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        byte[] bytes = File.ReadAllBytes(path);
        var (format, data) = ParseChunks(path, bytes);
        short[] mono = DecodeToMono(path, format, data);
        return Resample(mono, format.SampleRate);
    }

    public static void WriteMono8k(string path, ReadOnlySpan<short> samples)
    {
        ArgumentNullException.ThrowIfNull(path);
        int dataLength = samples.Length * 2;
        var file = new byte[44 + dataLength];
        var span = file.AsSpan();
        "RIFF"u8.CopyTo(span);
        BinaryPrimitives.WriteInt32LittleEndian(span[4..], 36 + dataLength);
        "WAVE"u8.CopyTo(span[8..]);
        "fmt "u8.CopyTo(span[12..]);
        BinaryPrimitives.WriteInt32LittleEndian(span[16..], 16);
        BinaryPrimitives.WriteUInt16LittleEndian(span[20..], FormatPcm);
        BinaryPrimitives.WriteUInt16LittleEndian(span[22..], 1);
        BinaryPrimitives.WriteInt32LittleEndian(span[24..], TargetRate);
        BinaryPrimitives.WriteInt32LittleEndian(span[28..], TargetRate * 2);
        BinaryPrimitives.WriteUInt16LittleEndian(span[32..], 2);
        BinaryPrimitives.WriteUInt16LittleEndian(span[34..], 16);
        "data"u8.CopyTo(span[36..]);
        BinaryPrimitives.WriteInt32LittleEndian(span[40..], dataLength);
        for (var i = 0; i < samples.Length; i++)
        {
            BinaryPrimitives.WriteInt16LittleEndian(span[(44 + (2 * i))..], samples[i]);
        }

        File.WriteAllBytes(path, file);
    }

    private readonly record struct WaveFormat(ushort Tag, int Channels, int SampleRate, int BitsPerSample, int BlockAlign);

    private static (WaveFormat Format, ReadOnlyMemory<byte> Data) ParseChunks(string path, byte[] bytes)
    {
        if (bytes.Length < 12 || !bytes.AsSpan(0, 4).SequenceEqual("RIFF"u8) || !bytes.AsSpan(8, 4).SequenceEqual("WAVE"u8))
        {
            throw Invalid(path, "not a RIFF/WAVE file (missing RIFF or WAVE header)");
        }

        WaveFormat? format = null;
        var offset = 12;
        while (offset + 8 <= bytes.Length)
        {
            var id = bytes.AsSpan(offset, 4);
            long size = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(offset + 4, 4));
            int bodyStart = offset + 8;
            // A data chunk whose size overruns the file (truncated or written while streaming) keeps what is there.
            int available = (int)Math.Min(size, bytes.Length - bodyStart);
            if (id.SequenceEqual("fmt "u8))
            {
                format = ParseFormat(path, bytes.AsSpan(bodyStart, available));
            }
            else if (id.SequenceEqual("data"u8))
            {
                if (format is null)
                {
                    throw Invalid(path, "the data chunk comes before any fmt chunk");
                }

                return (format.Value, bytes.AsMemory(bodyStart, available));
            }

            // Chunks are word aligned (RIFF pads odd sizes with one byte).
            long next = bodyStart + size + (size & 1);
            if (next > bytes.Length)
            {
                break;
            }

            offset = (int)next;
        }

        throw Invalid(path, format is null ? "no fmt chunk" : "no data chunk");
    }

    private static WaveFormat ParseFormat(string path, ReadOnlySpan<byte> body)
    {
        if (body.Length < 16)
        {
            throw Invalid(path, $"fmt chunk is {body.Length} bytes, shorter than 16");
        }

        ushort tag = BinaryPrimitives.ReadUInt16LittleEndian(body);
        int channels = BinaryPrimitives.ReadUInt16LittleEndian(body[2..]);
        int rate = BinaryPrimitives.ReadInt32LittleEndian(body[4..]);
        int blockAlign = BinaryPrimitives.ReadUInt16LittleEndian(body[12..]);
        int bits = BinaryPrimitives.ReadUInt16LittleEndian(body[14..]);
        if (tag == FormatExtensible)
        {
            // WAVEFORMATEXTENSIBLE: the sub-format GUID starts with the ordinary format tag.
            if (body.Length < 26)
            {
                throw Invalid(path, "WAVE_FORMAT_EXTENSIBLE fmt chunk is too short to hold its sub-format");
            }

            tag = BinaryPrimitives.ReadUInt16LittleEndian(body[24..]);
        }

        if (channels < 1)
        {
            throw Invalid(path, "fmt chunk declares no channels");
        }

        if (rate <= 0)
        {
            throw Invalid(path, $"sample rate {rate} Hz is not positive");
        }

        bool supported = tag switch
        {
            FormatPcm => bits is 8 or 16 or 24 or 32,
            FormatFloat => bits == 32,
            FormatALaw or FormatMuLaw => bits == 8,
            _ => false,
        };
        if (!supported)
        {
            throw Invalid(path, $"unsupported encoding: format tag {tag} with {bits} bits per sample (expected PCM 8/16/24/32-bit, 32-bit float, A-law or µ-law)");
        }

        int bytesPerSample = bits / 8;
        if (blockAlign < channels * bytesPerSample)
        {
            blockAlign = channels * bytesPerSample;
        }

        return new WaveFormat(tag, channels, rate, bits, blockAlign);
    }

    private static short[] DecodeToMono(string path, WaveFormat format, ReadOnlyMemory<byte> data)
    {
        int frames = data.Length / format.BlockAlign;
        if (frames == 0 && data.Length > 0)
        {
            throw Invalid(path, $"data chunk of {data.Length} bytes is shorter than one {format.BlockAlign}-byte sample frame");
        }

        var mono = new short[frames];
        int bytesPerSample = format.BitsPerSample / 8;
        var span = data.Span;
        for (var frame = 0; frame < frames; frame++)
        {
            var sum = 0L;
            for (var channel = 0; channel < format.Channels; channel++)
            {
                sum += SampleAt(format.Tag, format.BitsPerSample, span.Slice((frame * format.BlockAlign) + (channel * bytesPerSample), bytesPerSample));
            }

            mono[frame] = (short)(sum / format.Channels);
        }

        return mono;
    }

    private static short SampleAt(ushort tag, int bits, ReadOnlySpan<byte> sample) => tag switch
    {
        FormatMuLaw => G711.MuLawToLinear(sample[0]),
        FormatALaw => G711.ALawToLinear(sample[0]),
        FormatFloat => (short)Math.Clamp(Math.Round(BinaryPrimitives.ReadSingleLittleEndian(sample) * 32767.0), short.MinValue, short.MaxValue),
        _ => bits switch
        {
            8 => (short)((sample[0] - 128) << 8), // 8-bit WAV PCM is unsigned
            16 => BinaryPrimitives.ReadInt16LittleEndian(sample),
            24 => (short)((sample[2] << 8) | sample[1]),
            _ => (short)(BinaryPrimitives.ReadInt32LittleEndian(sample) >> 16),
        },
    };

    /// <summary>Down-sampling averages the input samples each output sample covers (a box low-pass); up-sampling interpolates linearly.</summary>
    private static short[] Resample(short[] input, int rate)
    {
        if (rate == TargetRate || input.Length == 0)
        {
            return input;
        }

        int length = (int)((long)input.Length * TargetRate / rate);
        var output = new short[length];
        double ratio = (double)rate / TargetRate;
        for (var i = 0; i < length; i++)
        {
            if (ratio > 1)
            {
                int start = (int)(i * ratio);
                int end = Math.Min(input.Length, Math.Max(start + 1, (int)((i + 1) * ratio)));
                long sum = 0;
                for (int j = start; j < end; j++)
                {
                    sum += input[j];
                }

                output[i] = (short)(sum / (end - start));
            }
            else
            {
                double position = i * ratio;
                int left = (int)position;
                int right = Math.Min(left + 1, input.Length - 1);
                double fraction = position - left;
                output[i] = (short)Math.Round((input[left] * (1 - fraction)) + (input[right] * fraction));
            }
        }

        return output;
    }

    private static InvalidDataException Invalid(string path, string fault) => new($"{path}: {fault}.");
}

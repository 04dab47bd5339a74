using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;

namespace ContactCentre.Media;

/// <summary>
/// Prompts on disk. Reads RIFF/WAVE files in linear PCM (8-bit unsigned, 16, 24, 32-bit), IEEE float,
/// µ-law or A-law, plain or WAVE_FORMAT_EXTENSIBLE, at 4–192 kHz, mono or up to 8 channels (averaged),
/// into the 8 kHz 16-bit mono the RTP sessions play (<see cref="SampleRateConverter"/> for other rates).
/// Chunks other than fmt and data (LIST, fact, cue, …) are skipped. A bad file is refused with the fault named,
/// so the same check serves prompt loading and upload validation.
/// </summary>
public static class WavFile
{
    public const int MinSampleRate = 4000;
    public const int MaxSampleRate = 192_000;
    public const int MaxChannels = 8;
    private const int TargetRate = 8000;
    private const ushort FormatExtensible = 0xFFFE;

    /// <summary>The 14 bytes after the format tag in every KSDATAFORMAT_SUBTYPE GUID (…-0000-0010-8000-00AA00389B71), as stored.</summary>
    private static ReadOnlySpan<byte> SubFormatGuidTail => [0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71];

    public static short[] ReadMono8k(string path) => Read(path).Samples;

    /// <summary>Reads a prompt file; a bad or unsupported file throws <see cref="InvalidDataException"/> naming the path and the fault.</summary>
    public static WavAudio Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        byte[] bytes = File.ReadAllBytes(path);
        return TryRead(bytes, out var audio, out string? error) ? audio : throw new InvalidDataException($"{path}: {error}.");
    }

    /// <summary>Reads a whole WAV file from <paramref name="stream"/> (e.g. an upload); I/O errors still throw.</summary>
    public static bool TryRead(Stream stream, [NotNullWhen(true)] out WavAudio? audio, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return TryRead(copy.GetBuffer().AsSpan(0, (int)copy.Length), out audio, out error);
    }

    /// <summary>Reads a WAV file held in memory; on failure <paramref name="error"/> names the fault (without a path).</summary>
    public static bool TryRead(ReadOnlySpan<byte> bytes, [NotNullWhen(true)] out WavAudio? audio, [NotNullWhen(false)] out string? error)
    {
        audio = null;
        error = FindChunks(bytes, out var format, out var data) ?? CheckFormat(format);
        if (error is not null)
        {
            return false;
        }

        int frames = data.Length / format.BlockAlign;
        if (frames == 0 && data.Length > 0)
        {
            error = $"data chunk of {data.Length} bytes is shorter than one {format.BlockAlign}-byte sample frame";
            return false;
        }

        short[] mono = DecodeToMono(format, data[..(frames * format.BlockAlign)], frames);
        audio = new WavAudio(
            format.Encoding,
            format.SampleRate,
            format.Channels,
            format.BitsPerSample,
            format.IsExtensible,
            TimeSpan.FromSeconds((double)frames / format.SampleRate),
            SampleRateConverter.Convert(mono, format.SampleRate, TargetRate));
        return true;
    }

    public static void WriteMono8k(string path, ReadOnlySpan<short> samples)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var writer = WavWriter.Create(path);
        writer.Write(samples);
    }

    private readonly record struct WaveFormat(WavEncoding Encoding, int Channels, int SampleRate, int BitsPerSample, int BlockAlign, bool IsExtensible);

    private static string? FindChunks(ReadOnlySpan<byte> bytes, out WaveFormat format, out ReadOnlySpan<byte> data)
    {
        format = default;
        data = default;
        if (bytes.Length >= 4 && bytes[..4].SequenceEqual("RF64"u8))
        {
            return "RF64 (WAV over 4 GB) is not supported";
        }

        if (bytes.Length < 12 || !bytes[..4].SequenceEqual("RIFF"u8) || !bytes.Slice(8, 4).SequenceEqual("WAVE"u8))
        {
            return "not a RIFF/WAVE file (missing RIFF or WAVE header)";
        }

        var haveFormat = false;
        var offset = 12;
        while (offset + 8 <= bytes.Length)
        {
            var id = bytes.Slice(offset, 4);
            long size = BinaryPrimitives.ReadUInt32LittleEndian(bytes.Slice(offset + 4, 4));
            int bodyStart = offset + 8;
            int available = (int)Math.Min(size, bytes.Length - bodyStart);
            if (id.SequenceEqual("fmt "u8))
            {
                if (available < size)
                {
                    return $"the fmt chunk declares {size} bytes but the file ends after {available}";
                }

                string? fault = ParseFormat(bytes.Slice(bodyStart, available), out format);
                if (fault is not null)
                {
                    return fault;
                }

                haveFormat = true;
            }
            else if (id.SequenceEqual("data"u8))
            {
                if (!haveFormat)
                {
                    return "the data chunk comes before any fmt chunk";
                }

                // A data chunk that overruns the file (truncated, or written while streaming) keeps what is there.
                data = bytes.Slice(bodyStart, available);
                return null;
            }

            // Chunks are word aligned: RIFF pads an odd size with one byte.
            long next = bodyStart + size + (size & 1);
            if (next > bytes.Length)
            {
                return $"no data chunk (the file ends inside the '{ChunkName(id)}' chunk at byte {offset})";
            }

            offset = (int)next;
        }

        return haveFormat ? "no data chunk" : "no fmt chunk";
    }

    private static string? ParseFormat(ReadOnlySpan<byte> body, out WaveFormat format)
    {
        format = default;
        if (body.Length < 16)
        {
            return $"fmt chunk is {body.Length} bytes, shorter than 16";
        }

        ushort tag = BinaryPrimitives.ReadUInt16LittleEndian(body);
        int channels = BinaryPrimitives.ReadUInt16LittleEndian(body[2..]);
        int rate = BinaryPrimitives.ReadInt32LittleEndian(body[4..]);
        int blockAlign = BinaryPrimitives.ReadUInt16LittleEndian(body[12..]);
        int bits = BinaryPrimitives.ReadUInt16LittleEndian(body[14..]);
        bool extensible = tag == FormatExtensible;
        if (extensible)
        {
            // WAVEFORMATEXTENSIBLE: cbSize 22, valid bits, channel mask, then a sub-format GUID whose first two bytes are the plain tag.
            if (body.Length < 40)
            {
                return $"WAVE_FORMAT_EXTENSIBLE fmt chunk is {body.Length} bytes, too short to hold its sub-format (40)";
            }

            if (!body.Slice(26, 14).SequenceEqual(SubFormatGuidTail))
            {
                return $"WAVE_FORMAT_EXTENSIBLE sub-format {new Guid(body.Slice(24, 16))} is not a standard audio format";
            }

            tag = BinaryPrimitives.ReadUInt16LittleEndian(body[24..]);
        }

        format = new WaveFormat((WavEncoding)tag, channels, rate, bits, blockAlign, extensible);
        return null;
    }

    private static string? CheckFormat(WaveFormat format)
    {
        if (format.Channels < 1)
        {
            return "fmt chunk declares no channels";
        }

        if (format.Channels > MaxChannels)
        {
            return $"{format.Channels} channels; at most {MaxChannels} are supported";
        }

        if (format.SampleRate is < MinSampleRate or > MaxSampleRate)
        {
            return $"sample rate {format.SampleRate} Hz is outside the supported {MinSampleRate}–{MaxSampleRate} Hz";
        }

        bool supported = format.Encoding switch
        {
            WavEncoding.Pcm => format.BitsPerSample is 8 or 16 or 24 or 32,
            WavEncoding.Float => format.BitsPerSample == 32,
            WavEncoding.ALaw or WavEncoding.MuLaw => format.BitsPerSample == 8,
            _ => false,
        };
        if (!supported)
        {
            return $"unsupported encoding: format tag {(int)format.Encoding} with {format.BitsPerSample} bits per sample "
                + "(expected PCM 8/16/24/32-bit, 32-bit float, A-law or µ-law)";
        }

        int frameBytes = format.Channels * (format.BitsPerSample / 8);
        if (format.BlockAlign != 0 && format.BlockAlign < frameBytes)
        {
            return $"block align {format.BlockAlign} is smaller than {format.Channels} channel(s) of {format.BitsPerSample} bits ({frameBytes} bytes)";
        }

        return null;
    }

    private static short[] DecodeToMono(WaveFormat format, ReadOnlySpan<byte> data, int frames)
    {
        int bytesPerSample = format.BitsPerSample / 8;
        int blockAlign = Math.Max(format.BlockAlign, format.Channels * bytesPerSample);
        var mono = new short[frames];
        for (var frame = 0; frame < frames; frame++)
        {
            var sum = 0L;
            var frameBytes = data.Slice(frame * blockAlign, blockAlign);
            for (var channel = 0; channel < format.Channels; channel++)
            {
                sum += SampleAt(format.Encoding, format.BitsPerSample, frameBytes.Slice(channel * bytesPerSample, bytesPerSample));
            }

            mono[frame] = (short)(sum / format.Channels);
        }

        return mono;
    }

    private static short SampleAt(WavEncoding encoding, int bits, ReadOnlySpan<byte> sample) => encoding switch
    {
        WavEncoding.MuLaw => G711.MuLawToLinear(sample[0]),
        WavEncoding.ALaw => G711.ALawToLinear(sample[0]),
        WavEncoding.Float => (short)Math.Clamp(Math.Round(BinaryPrimitives.ReadSingleLittleEndian(sample) * 32767.0), short.MinValue, short.MaxValue),
        _ => bits switch
        {
            8 => (short)((sample[0] - 128) << 8), // 8-bit WAV PCM is unsigned
            16 => BinaryPrimitives.ReadInt16LittleEndian(sample),
            24 => (short)((sample[2] << 8) | sample[1]),
            _ => (short)(BinaryPrimitives.ReadInt32LittleEndian(sample) >> 16),
        },
    };

    private static string ChunkName(ReadOnlySpan<byte> id)
    {
        Span<char> name = stackalloc char[4];
        for (var i = 0; i < 4; i++)
        {
            name[i] = id[i] is >= 0x20 and < 0x7F ? (char)id[i] : '?';
        }

        return new string(name);
    }
}

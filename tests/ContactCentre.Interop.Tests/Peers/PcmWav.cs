using System.Buffers.Binary;
using System.Text;

namespace ContactCentre.Interop.Tests.Peers;

/// <summary>16-bit PCM audio read from or written to a WAV file.</summary>
public sealed record PcmWav(int SampleRate, int Channels, short[] Samples)
{
    public TimeSpan Duration => TimeSpan.FromSeconds((double)Samples.Length / Channels / SampleRate);

    /// <summary>Root mean square of all samples relative to full scale (0 silence, ~0.707 a full-scale sine).</summary>
    public double Rms
    {
        get
        {
            if (Samples.Length == 0)
            {
                return 0;
            }

            double sum = 0;
            foreach (var sample in Samples)
            {
                sum += (double)sample * sample;
            }

            return Math.Sqrt(sum / Samples.Length) / short.MaxValue;
        }
    }

    /// <summary>A sine tone, e.g. a caller's "voice" that a recording on the other side can be checked for.</summary>
    public static PcmWav Tone(double frequency, TimeSpan duration, int sampleRate = 8000, double amplitude = 0.5)
    {
        var samples = new short[(int)(duration.TotalSeconds * sampleRate)];
        for (var i = 0; i < samples.Length; i++)
        {
            samples[i] = (short)(amplitude * short.MaxValue * Math.Sin(2 * Math.PI * frequency * i / sampleRate));
        }

        return new PcmWav(sampleRate, 1, samples);
    }

    public void Write(string path)
    {
        const int bytesPerSample = 2;
        var dataLength = Samples.Length * bytesPerSample;
        var bytes = new byte[44 + dataLength];
        var span = bytes.AsSpan();
        Encoding.ASCII.GetBytes("RIFF", span[0..4]);
        BinaryPrimitives.WriteInt32LittleEndian(span[4..8], 36 + dataLength);
        Encoding.ASCII.GetBytes("WAVEfmt ", span[8..16]);
        BinaryPrimitives.WriteInt32LittleEndian(span[16..20], 16);
        BinaryPrimitives.WriteInt16LittleEndian(span[20..22], 1); // PCM
        BinaryPrimitives.WriteInt16LittleEndian(span[22..24], (short)Channels);
        BinaryPrimitives.WriteInt32LittleEndian(span[24..28], SampleRate);
        BinaryPrimitives.WriteInt32LittleEndian(span[28..32], SampleRate * Channels * bytesPerSample);
        BinaryPrimitives.WriteInt16LittleEndian(span[32..34], (short)(Channels * bytesPerSample));
        BinaryPrimitives.WriteInt16LittleEndian(span[34..36], 16);
        Encoding.ASCII.GetBytes("data", span[36..40]);
        BinaryPrimitives.WriteInt32LittleEndian(span[40..44], dataLength);
        for (var i = 0; i < Samples.Length; i++)
        {
            BinaryPrimitives.WriteInt16LittleEndian(span.Slice(44 + (i * bytesPerSample), bytesPerSample), Samples[i]);
        }

        File.WriteAllBytes(path, bytes);
    }

    /// <summary>
    /// Reads a 16-bit PCM WAV. Tolerates a data chunk whose size was never filled in
    /// (a recorder still writing, or killed before closing the file).
    /// </summary>
    public static PcmWav Read(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var span = bytes.AsSpan();
        if (span.Length < 12 || !span[0..4].SequenceEqual("RIFF"u8) || !span[8..12].SequenceEqual("WAVE"u8))
        {
            throw new InvalidDataException($"{path} is not a RIFF/WAVE file.");
        }

        int? sampleRate = null, channels = null;
        var offset = 12;
        while (offset + 8 <= span.Length)
        {
            var id = span.Slice(offset, 4);
            var size = BinaryPrimitives.ReadInt32LittleEndian(span.Slice(offset + 4, 4));
            var body = offset + 8;
            if (id.SequenceEqual("fmt "u8))
            {
                var format = BinaryPrimitives.ReadInt16LittleEndian(span.Slice(body, 2));
                var bits = BinaryPrimitives.ReadInt16LittleEndian(span.Slice(body + 14, 2));
                if (format != 1 || bits != 16)
                {
                    throw new InvalidDataException($"{path} is format {format} with {bits} bits; expected 16-bit PCM.");
                }

                channels = BinaryPrimitives.ReadInt16LittleEndian(span.Slice(body + 2, 2));
                sampleRate = BinaryPrimitives.ReadInt32LittleEndian(span.Slice(body + 4, 4));
            }
            else if (id.SequenceEqual("data"u8))
            {
                if (sampleRate is null || channels is null)
                {
                    throw new InvalidDataException($"{path} has its data chunk before the fmt chunk.");
                }

                var available = span.Length - body;
                var length = size <= 0 || size > available ? available : size;
                var samples = new short[length / 2];
                for (var i = 0; i < samples.Length; i++)
                {
                    samples[i] = BinaryPrimitives.ReadInt16LittleEndian(span.Slice(body + (i * 2), 2));
                }

                return new PcmWav(sampleRate.Value, channels.Value, samples);
            }

            offset = body + size + (size & 1);
        }

        throw new InvalidDataException($"{path} has no data chunk.");
    }
}

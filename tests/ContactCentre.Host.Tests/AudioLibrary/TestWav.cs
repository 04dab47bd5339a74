using System.Buffers.Binary;

namespace ContactCentre.Host.Tests.AudioLibrary;

/// <summary>WAV files as an admin's recording tool would make them: any rate, any channel count, 16-bit PCM.</summary>
public static class TestWav
{
    public static byte[] Tone(double frequencyHz, TimeSpan length, int sampleRate = 8000, int channels = 1)
    {
        var frames = (int)(length.TotalSeconds * sampleRate);
        var dataBytes = frames * channels * 2;
        var wav = new byte[44 + dataBytes];
        "RIFF"u8.CopyTo(wav);
        BinaryPrimitives.WriteInt32LittleEndian(wav.AsSpan(4), 36 + dataBytes);
        "WAVEfmt "u8.CopyTo(wav.AsSpan(8));
        BinaryPrimitives.WriteInt32LittleEndian(wav.AsSpan(16), 16);
        BinaryPrimitives.WriteInt16LittleEndian(wav.AsSpan(20), 1);
        BinaryPrimitives.WriteInt16LittleEndian(wav.AsSpan(22), (short)channels);
        BinaryPrimitives.WriteInt32LittleEndian(wav.AsSpan(24), sampleRate);
        BinaryPrimitives.WriteInt32LittleEndian(wav.AsSpan(28), sampleRate * channels * 2);
        BinaryPrimitives.WriteInt16LittleEndian(wav.AsSpan(32), (short)(channels * 2));
        BinaryPrimitives.WriteInt16LittleEndian(wav.AsSpan(34), 16);
        "data"u8.CopyTo(wav.AsSpan(36));
        BinaryPrimitives.WriteInt32LittleEndian(wav.AsSpan(40), dataBytes);
        for (var i = 0; i < frames; i++)
        {
            var sample = (short)(10000 * Math.Sin(2 * Math.PI * frequencyHz * i / sampleRate));
            for (var c = 0; c < channels; c++)
                BinaryPrimitives.WriteInt16LittleEndian(wav.AsSpan(44 + (i * channels + c) * 2), sample);
        }
        return wav;
    }
}

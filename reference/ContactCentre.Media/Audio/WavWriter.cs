using System.Buffers.Binary;

namespace ContactCentre.Media;

/// <summary>
/// Writes 8 kHz 16-bit mono PCM to a WAV file as it arrives, holding nothing but a small encode buffer.
/// Until <see cref="Complete"/> or <see cref="Dispose"/> the RIFF and data sizes say 0xFFFFFFFF ("to the end of
/// the file"), so a recording cut short by a crash is still readable by <see cref="WavFile"/>.
/// </summary>
public sealed class WavWriter : IDisposable
{
    public const int HeaderLength = 44;
    private const int SampleRate = 8000;
    private const int ChunkSamples = 256;
    private readonly Stream _stream;
    private readonly bool _ownsStream;
    private long _samples;
    private bool _disposed;

    /// <param name="stream">Seekable and writable: the header is patched with the real sizes at the end.</param>
    public WavWriter(Stream stream, bool ownsStream = false)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanSeek || !stream.CanWrite)
        {
            throw new ArgumentException("A WAV file is written to a seekable, writable stream (its header is patched at the end).", nameof(stream));
        }

        _stream = stream;
        _ownsStream = ownsStream;
        Span<byte> header = stackalloc byte[HeaderLength];
        WriteHeader(header, dataLength: uint.MaxValue);
        _stream.Write(header);
    }

    /// <summary>Samples written so far (after any <see cref="TrimTo"/>).</summary>
    public long SampleCount => _samples;

    public TimeSpan Duration => TimeSpan.FromSeconds((double)_samples / SampleRate);

    public static WavWriter Create(string path) =>
        new(new FileStream(path, FileMode.Create, FileAccess.ReadWrite, FileShare.Read, bufferSize: 8192), ownsStream: true);

    public void Write(ReadOnlySpan<short> samples)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        Span<byte> bytes = stackalloc byte[ChunkSamples * 2];
        while (!samples.IsEmpty)
        {
            int count = Math.Min(samples.Length, ChunkSamples);
            for (var i = 0; i < count; i++)
            {
                BinaryPrimitives.WriteInt16LittleEndian(bytes[(2 * i)..], samples[i]);
            }

            _stream.Write(bytes[..(2 * count)]);
            _samples += count;
            samples = samples[count..];
        }
    }

    /// <summary>Cuts the recording back to its first <paramref name="samples"/> samples (never lengthens it).</summary>
    public void TrimTo(long samples)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentOutOfRangeException.ThrowIfNegative(samples);
        if (samples >= _samples)
        {
            return;
        }

        _stream.Flush();
        _stream.SetLength(HeaderLength + (2 * samples));
        _stream.Seek(0, SeekOrigin.End);
        _samples = samples;
    }

    /// <summary>Writes the real sizes into the header and flushes; further writes are refused.</summary>
    public void Complete()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        // RIFF sizes are 32-bit: a recording past 4 GB (74 hours) keeps the "to the end" marker.
        long dataLength = 2 * _samples;
        Span<byte> header = stackalloc byte[HeaderLength];
        WriteHeader(header, dataLength <= uint.MaxValue - 36 ? (uint)dataLength : uint.MaxValue);
        _stream.Flush();
        _stream.Seek(0, SeekOrigin.Begin);
        _stream.Write(header);
        _stream.Seek(0, SeekOrigin.End);
        _stream.Flush();
    }

    public void Dispose()
    {
        try
        {
            Complete();
        }
        finally
        {
            if (_ownsStream)
            {
                _stream.Dispose();
            }
        }
    }

    /// <summary>The canonical 44-byte header: RIFF, fmt (PCM, 1 channel, 8 kHz, 16 bits), data.</summary>
    private static void WriteHeader(Span<byte> header, uint dataLength)
    {
        "RIFF"u8.CopyTo(header);
        BinaryPrimitives.WriteUInt32LittleEndian(header[4..], dataLength == uint.MaxValue ? uint.MaxValue : 36 + dataLength);
        "WAVE"u8.CopyTo(header[8..]);
        "fmt "u8.CopyTo(header[12..]);
        BinaryPrimitives.WriteInt32LittleEndian(header[16..], 16);
        BinaryPrimitives.WriteUInt16LittleEndian(header[20..], (ushort)WavEncoding.Pcm);
        BinaryPrimitives.WriteUInt16LittleEndian(header[22..], 1);
        BinaryPrimitives.WriteInt32LittleEndian(header[24..], SampleRate);
        BinaryPrimitives.WriteInt32LittleEndian(header[28..], SampleRate * 2);
        BinaryPrimitives.WriteUInt16LittleEndian(header[32..], 2);
        BinaryPrimitives.WriteUInt16LittleEndian(header[34..], 16);
        "data"u8.CopyTo(header[36..]);
        BinaryPrimitives.WriteUInt32LittleEndian(header[40..], dataLength);
    }
}

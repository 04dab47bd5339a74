using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace ContactCentre.Media;

/// <summary>
/// A stereo 8 kHz 16-bit PCM WAV file written as the call goes: frames are appended, and the RIFF and data
/// sizes are patched at each <see cref="Flush"/> and on close, so a process that dies leaves a readable file
/// up to its last flush.
/// </summary>
internal sealed class CallRecorderFile : IDisposable
{
    private const int HeaderLength = 44;
    private const int SampleRate = 8000;
    private const int Channels = 2;
    private const int BytesPerFrame = Channels * 2;

    private readonly FileStream _stream;
    private readonly byte[] _header = new byte[HeaderLength];
    private long _dataLength;

    public CallRecorderFile(string path)
    {
        // Readers (a supervisor's player, a test) may open it while it is being written.
        _stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read, bufferSize: 8192);
        WriteHeader();
    }

    /// <summary>Sample frames (one left and one right sample each) written so far.</summary>
    public long Frames => _dataLength / BytesPerFrame;

    /// <summary>Appends left and right interleaved; <paramref name="scratch"/> holds 4 bytes per sample pair.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Append(ReadOnlySpan<short> left, ReadOnlySpan<short> right, Span<byte> scratch)
    {
        int count = Math.Min(left.Length, right.Length);
        for (var i = 0; i < count; i++)
        {
            BinaryPrimitives.WriteInt16LittleEndian(scratch[(i * BytesPerFrame)..], left[i]);
            BinaryPrimitives.WriteInt16LittleEndian(scratch[((i * BytesPerFrame) + 2)..], right[i]);
        }

        _stream.Write(scratch[..(count * BytesPerFrame)]);
        _dataLength += count * BytesPerFrame;
    }

    /// <summary>Hands what is buffered to the operating system with the sizes patched to match.</summary>
    public void Flush()
    {
        WriteHeader();
        _stream.Flush();
    }

    public void Dispose()
    {
        Flush();
        _stream.Dispose();
    }

    private void WriteHeader()
    {
        // RIFF chunk sizes are 32-bit: a call past 4 GB (about 37 hours at 32 kB/s) keeps the largest size.
        uint data = (uint)Math.Min(_dataLength, uint.MaxValue - 36);
        var span = _header.AsSpan();
        "RIFF"u8.CopyTo(span);
        BinaryPrimitives.WriteUInt32LittleEndian(span[4..], data + 36);
        "WAVE"u8.CopyTo(span[8..]);
        "fmt "u8.CopyTo(span[12..]);
        BinaryPrimitives.WriteInt32LittleEndian(span[16..], 16);
        BinaryPrimitives.WriteUInt16LittleEndian(span[20..], 1); // PCM
        BinaryPrimitives.WriteUInt16LittleEndian(span[22..], Channels);
        BinaryPrimitives.WriteInt32LittleEndian(span[24..], SampleRate);
        BinaryPrimitives.WriteInt32LittleEndian(span[28..], SampleRate * BytesPerFrame);
        BinaryPrimitives.WriteUInt16LittleEndian(span[32..], BytesPerFrame);
        BinaryPrimitives.WriteUInt16LittleEndian(span[34..], 16);
        "data"u8.CopyTo(span[36..]);
        BinaryPrimitives.WriteUInt32LittleEndian(span[40..], data);
        long end = HeaderLength + _dataLength;
        _stream.Position = 0;
        _stream.Write(_header);
        _stream.Position = end;
    }
}

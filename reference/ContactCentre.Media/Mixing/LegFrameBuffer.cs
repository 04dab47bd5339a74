using System.Runtime.CompilerServices;

namespace ContactCentre.Media;

/// <summary>
/// Audio one leg received, waiting for the next clock tick to be mixed or recorded. Packets arrive on the
/// socket thread at the far end's pace and are taken one frame per tick on the clock thread; a few frames
/// absorb the jitter between the two, and when the far end runs fast the oldest samples are dropped so the
/// delay stays bounded.
/// </summary>
internal sealed class LegFrameBuffer(int frameSamples, int frames = 4)
{
    private readonly Lock _gate = new();
    private readonly short[] _ring = new short[frameSamples * frames];
    private int _start;
    private int _count;

    /// <summary>On the leg's receive thread.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Write(ReadOnlySpan<short> pcm)
    {
        lock (_gate)
        {
            if (pcm.Length >= _ring.Length)
            {
                pcm = pcm[^_ring.Length..];
            }

            int overflow = _count + pcm.Length - _ring.Length;
            if (overflow > 0)
            {
                _start = (_start + overflow) % _ring.Length;
                _count -= overflow;
            }

            int end = (_start + _count) % _ring.Length;
            int first = Math.Min(pcm.Length, _ring.Length - end);
            pcm[..first].CopyTo(_ring.AsSpan(end));
            pcm[first..].CopyTo(_ring);
            _count += pcm.Length;
        }
    }

    /// <summary>Fills <paramref name="frame"/>, silence where nothing arrived; returns how many samples were real.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public int Read(Span<short> frame)
    {
        lock (_gate)
        {
            int count = Math.Min(frame.Length, _count);
            int first = Math.Min(count, _ring.Length - _start);
            _ring.AsSpan(_start, first).CopyTo(frame);
            _ring.AsSpan(0, count - first).CopyTo(frame[first..]);
            frame[count..].Clear();
            _start = (_start + count) % _ring.Length;
            _count -= count;
            return count;
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _start = 0;
            _count = 0;
        }
    }
}

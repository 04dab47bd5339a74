namespace ContactCentre.Media;

/// <summary>Plays its parts one after another without a gap: a frame that ends one part is filled from the next.</summary>
public sealed class SequenceSource : IAudioSource
{
    private readonly IEnumerator<IAudioSource> _parts;
    private IAudioSource? _current;

    public SequenceSource(IEnumerable<IAudioSource> parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        _parts = parts.ToList().GetEnumerator();
        _current = _parts.MoveNext() ? _parts.Current : null;
    }

    public int Read(Span<short> frame)
    {
        var filled = 0;
        while (filled < frame.Length && _current is not null)
        {
            int read = _current.Read(frame[filled..]);
            if (read == 0)
            {
                _current = _parts.MoveNext() ? _parts.Current : null;
            }

            filled += read;
        }

        return filled;
    }
}

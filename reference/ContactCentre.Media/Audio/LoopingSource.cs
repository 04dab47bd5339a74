namespace ContactCentre.Media;

/// <summary>
/// Music on hold: plays a playlist (one track or several) round and round until <see cref="Stop"/>, after
/// which it ends at the next frame and the session reports it finished.
/// </summary>
public sealed class LoopingSource : IAudioSource
{
    private readonly short[][] _tracks;
    private int _track;
    private int _position;
    private volatile bool _stopped;

    public LoopingSource(IEnumerable<short[]> tracks)
    {
        ArgumentNullException.ThrowIfNull(tracks);
        _tracks = [.. tracks];
        if (_tracks.Any(t => t is null))
        {
            throw new ArgumentException("A playlist cannot hold a missing track.", nameof(tracks));
        }

        if (_tracks.All(t => t.Length == 0))
        {
            throw new ArgumentException("A playlist needs at least one track with audio in it.", nameof(tracks));
        }
    }

    /// <summary>Music on hold from WAV files, loaded now so a bad file fails before the caller is put on hold.</summary>
    public static LoopingSource FromFiles(params IEnumerable<string> paths) => new(paths.Select(WavFile.ReadMono8k));

    public bool IsStopped => _stopped;

    /// <summary>Safe from any thread; the music ends at the media clock's next frame.</summary>
    public void Stop() => _stopped = true;

    public int Read(Span<short> frame)
    {
        var filled = 0;
        while (filled < frame.Length && !_stopped)
        {
            short[] track = _tracks[_track];
            int count = Math.Min(frame.Length - filled, track.Length - _position);
            track.AsSpan(_position, count).CopyTo(frame[filled..]);
            filled += count;
            _position += count;
            if (_position == track.Length)
            {
                _position = 0;
                _track = (_track + 1) % _tracks.Length;
            }
        }

        return filled;
    }
}

namespace ContactCentre.Media;

/// <summary>Plays a block of 8 kHz samples once, e.g. a prompt loaded with <see cref="WavFile.ReadMono8k"/>.</summary>
public sealed class PcmSource(short[] samples) : IAudioSource
{
    private readonly short[] _samples = samples ?? throw new ArgumentNullException(nameof(samples));
    private int _position;

    public int Read(Span<short> frame)
    {
        int count = Math.Min(frame.Length, _samples.Length - _position);
        _samples.AsSpan(_position, count).CopyTo(frame);
        _position += count;
        return count;
    }
}

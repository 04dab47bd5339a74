namespace ContactCentre.Media;

/// <summary>Something a session can play: 8 kHz 16-bit mono PCM, pulled one frame at a time by the media clock.</summary>
public interface IAudioSource
{
    /// <summary>
    /// Fills up to <c>frame.Length</c> samples and returns how many were written; 0 means finished.
    /// A short frame is padded with silence by the caller. Called on the media clock thread, so keep it cheap.
    /// </summary>
    int Read(Span<short> frame);
}

namespace ContactCentre.Media;

/// <summary>Receives one decoded frame of 8 kHz PCM; the span is only valid during the call.</summary>
public delegate void AudioFrameHandler(ReadOnlySpan<short> pcm);

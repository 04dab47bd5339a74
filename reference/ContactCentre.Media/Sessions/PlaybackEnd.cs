namespace ContactCentre.Media;

/// <summary>How a prompt ended: it ran out, or a digit the caller pressed interrupted it (barge-in).</summary>
public sealed record PlaybackEnd(IAudioSource Source, DtmfDigit? InterruptedBy)
{
    public bool Interrupted => InterruptedBy is not null;
}

namespace ContactCentre.Media;

/// <summary>What the media clock drives: one call per tick, on the clock thread.</summary>
internal interface IClockedSession
{
    void OnTick();
}

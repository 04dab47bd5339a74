namespace ContactCentre.Media;

/// <summary>What a paused call recording holds for the paused time.</summary>
public enum CallRecorderPausePolicy
{
    /// <summary>Silence as long as the pause: the recording keeps the call's real timeline.</summary>
    FillWithSilence,

    /// <summary>Nothing: the recording is shorter by the paused time.</summary>
    SkipPausedTime,
}

namespace ContactCentre.Media;

/// <summary>How a supervisor takes part in an agent's call; the supervisor always hears caller and agent.</summary>
public enum MonitorMode
{
    /// <summary>Neither party hears the supervisor.</summary>
    Silent,

    /// <summary>The agent hears the supervisor (coaching); the caller does not.</summary>
    Whisper,

    /// <summary>Everyone hears everyone: the supervisor has joined the call.</summary>
    Barge,
}

namespace ContactCentre.Media;

/// <summary>Why a recorded message ended.</summary>
public enum RecordingEnd
{
    /// <summary>The caller pressed the stop digit (#).</summary>
    StopDigit,

    /// <summary>No speech, or no audio at all, for the silence timeout.</summary>
    Silence,

    /// <summary>The message reached its longest allowed length.</summary>
    MaxLength,

    /// <summary>Stopped from outside, e.g. the caller hung up.</summary>
    Stopped,
}

/// <summary>A finished recording: the 8 kHz 16-bit mono WAV file, why it ended and how long it is.</summary>
public sealed record RecordedMessage(string Path, RecordingEnd Reason, TimeSpan Duration);

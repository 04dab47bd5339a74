namespace ContactCentre.Interop.Tests.Peers;

public enum BaresipAnswerMode
{
    /// <summary>Incoming calls ring until answered (a caller that never gets called).</summary>
    Manual,

    /// <summary>Incoming calls are answered at once (a callee, e.g. an agent's phone).</summary>
    Auto,
}

/// <summary>
/// How to start a headless baresip.
/// </summary>
/// <param name="User">User part of its SIP address, e.g. "caller" or "agent-1".</param>
/// <param name="AnswerMode">Whether incoming calls are answered on their own.</param>
/// <param name="AudioSource">
/// 8 kHz mono 16-bit WAV it sends as its microphone, or null for a generated 440 Hz tone.
/// baresip hangs up when the file ends, so it must outlast the call.
/// </param>
public sealed record BaresipOptions(
    string User = "caller",
    BaresipAnswerMode AnswerMode = BaresipAnswerMode.Manual,
    string? AudioSource = null)
{
    /// <summary>Length of the generated tone when <see cref="AudioSource"/> is null.</summary>
    public static readonly TimeSpan GeneratedToneLength = TimeSpan.FromMinutes(2);

    public const double GeneratedToneFrequency = 440;
}

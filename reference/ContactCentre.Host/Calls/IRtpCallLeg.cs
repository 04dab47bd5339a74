using ContactCentre.Media;

namespace ContactCentre.Host.Calls;

/// <summary>
/// A leg whose audio is an <see cref="RtpSession"/> (a SIP phone's, or a softphone's over WebRTC): any two of them
/// bridge, whoever the parties are.
/// </summary>
public interface IRtpCallLeg
{
    RtpSession Media { get; }

    /// <summary>The leg is now in <paramref name="bridge"/>: it keeps it for mute, and mutes itself there if its party is muted.</summary>
    void Joined(MediaBridge bridge);
}

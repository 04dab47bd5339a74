using System.Threading.Channels;
using ContactCentre.Host.Calls;
using ContactCentre.Media.WebRtc;

namespace ContactCentre.Host.Desktop;

/// <summary>
/// An agent's answered softphone: a <see cref="WebRtcLeg"/> to the agent's browser (or the simulator's softphone),
/// whose RTP session carries the audio as a SIP leg's does. It ends when the call hangs it up, when the desktop that
/// offered it closes, when the browser's ICE consent lapses, or when DTLS fails.
/// </summary>
public sealed class SoftphoneCallLeg : RtpCallLeg
{
    private readonly WebRtcLeg _leg;

    public SoftphoneCallLeg(string id, string agentId, WebRtcLeg leg, PromptLibrary prompts)
        : base(id, leg.Session, prompts)
    {
        AgentId = agentId;
        _leg = leg;
        leg.ConsentLost += _ => End("the softphone stopped answering (ICE consent lapsed)");
        leg.Secured.ContinueWith(t => End($"the softphone's DTLS handshake failed: {t.Exception?.InnerException?.Message}"),
            CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
    }

    public string AgentId { get; }

    /// <summary>The desktop whose browser holds the other end: the leg ends when that desktop closes.</summary>
    public ChannelWriter<string>? Desktop { get; init; }

    /// <summary>Raised once when the leg ends, for whatever reason (the registry forgets it).</summary>
    public event Action<SoftphoneCallLeg>? Ended;

    public override Task HangUpAsync()
    {
        End("local hang-up");
        return Task.CompletedTask;
    }

    /// <summary>Ends the leg: its media stops at once, and the owner hears <see cref="Actors.Ports.LegEnded"/> with the reason (once).</summary>
    public void End(string reason)
    {
        if (EndOnce(reason)) Ended?.Invoke(this);
    }

    protected override void ReleaseMedia() => _leg.Dispose();
}

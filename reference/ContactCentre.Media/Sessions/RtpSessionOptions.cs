namespace ContactCentre.Media;

/// <summary>How an <see cref="RtpSession"/> is set up beyond its address; the defaults suit a SIP trunk.</summary>
public sealed record RtpSessionOptions
{
    /// <summary>
    /// RTCP on the RTP port (RFC 5761), as WebRTC requires. Off by default: SIP trunks and phones expect RTCP
    /// on the next port up (RFC 3550 §11), which the session then binds as well.
    /// </summary>
    public bool RtcpMux { get; init; }

    /// <summary>
    /// Base interval between RTCP reports, randomised ×0.5-1.5 (RFC 3550 §6.3.1). The RFC's bandwidth-based
    /// computation is simplified away: for a two-party 64 kbit/s call its 5 s minimum (§6.2) always governs.
    /// </summary>
    public TimeSpan RtcpInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Listen for DTMF tones in received audio, for trunks that do not send RFC 4733 telephone-event.</summary>
    public bool InBandDtmf { get; init; }

    /// <summary>Fixed delay of the <see cref="RtpSession.Playout"/> jitter buffer.</summary>
    public TimeSpan PlayoutDelay { get; init; } = TimeSpan.FromMilliseconds(60);

    /// <summary>
    /// Let a bridge between this session and another that also asks for it forward in the kernel (an eBPF program,
    /// see <c>KernelForwarding</c>) while nothing but the far party's audio is sent: Linux 6.6+, CAP_BPF and
    /// CAP_NET_ADMIN, IPv4 loopback legs. Where it cannot run, the bridge forwards in user space as without it.
    /// </summary>
    public bool KernelForwarding { get; init; }
}

using System.Net;

namespace ContactCentre.Media.WebRtc;

/// <summary>
/// A call leg to a browser: an <see cref="RtpSession"/> (so it plays, hears, sends DTMF and bridges like any other
/// leg) whose one UDP port also carries ICE-lite, DTLS-SRTP and rtcp-mux. Open it, put its
/// <see cref="LocalIce"/>, <see cref="Fingerprint"/> and <see cref="LocalEndPoint"/> in the SDP (see
/// <see cref="WebRtcSdp"/>), then <see cref="Start"/> it with what the browser's SDP said.
/// </summary>
public sealed class WebRtcLeg : IDisposable, IClockedSession
{
    private readonly DtlsCertificate _certificate;
    private readonly WebRtcTransport _transport;
    private readonly IceLiteResponder _ice;
    private Task? _secured;
    private DateTimeOffset? _lapseReported; // the last consent whose lapse was raised; on the clock thread only
    private int _disposed;

    private WebRtcLeg(RtpSession session, DtlsCertificate certificate, TimeProvider? time)
    {
        Session = session;
        _certificate = certificate;
        LocalIce = IceCredentials.Generate();
        _ice = new IceLiteResponder(LocalIce, time);
        _transport = new WebRtcTransport(session, _ice);
        session.PacketTransform = _transport;
        // Consent is watched on the session's clock: it lapses by the passing of time, with no packet to tell.
        session.Clock.Register(this);
    }

    /// <summary>
    /// RFC 7675 §5.1: the browser's consent lapsed (no valid check for 30 s after it had consented); media stops
    /// going out. Raised once per lapse on the thread pool, so the call can be ended or the agent told; a later check
    /// restores consent and a later lapse is raised again.
    /// </summary>
    public event Action<WebRtcLeg>? ConsentLost;

    public RtpSession Session { get; }

    public IceCredentials LocalIce { get; }

    /// <summary>Our certificate's fingerprint for a=fingerprint.</summary>
    public string Fingerprint => _certificate.Fingerprint;

    public IPEndPoint LocalEndPoint => Session.LocalEndPoint;

    /// <summary>RFC 7675: the browser's checks keep arriving; false 30 s after the last one, and media stops.</summary>
    public bool HasConsent => _ice.HasConsent;

    /// <summary>When the browser's last ICE check gave consent (RFC 7675); null before the first.</summary>
    public DateTimeOffset? LastConsent => _ice.LastConsent;

    /// <summary>Completes once DTLS-SRTP has keyed the leg; faults if the handshake fails (e.g. a fingerprint mismatch).</summary>
    public Task Secured => _secured ?? throw new InvalidOperationException("The leg has not been started.");

    /// <summary>Datagrams refused on this port: failed SRTP authentication, replays, or unknown kinds.</summary>
    public long RefusedDatagrams => _transport.RefusedDatagrams;

    public static WebRtcLeg Open(IPAddress localAddress, DtlsCertificate certificate, MediaClock? clock = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        var session = RtpSession.Open(localAddress, clock, new RtpSessionOptions { RtcpMux = true });
        return new WebRtcLeg(session, certificate, time);
    }

    /// <summary>
    /// Applies the browser's SDP: its ICE username fragment, the codec agreed, and the DTLS role. Our a=setup:passive
    /// (the usual answer to actpass) makes us the DTLS server; a=setup:active makes us the client (RFC 5763 §5).
    /// </summary>
    public void Start(WebRtcSessionDescription remote, bool weAreDtlsServer)
    {
        ArgumentNullException.ThrowIfNull(remote);
        if (_secured is not null)
        {
            throw new InvalidOperationException("The leg has already been started.");
        }

        _ice.RemoteUfrag = remote.IceUfrag;
        Session.Codec = remote.ChooseCodec();
        if (remote.TelephoneEventPayloadType is { } events)
        {
            Session.TelephoneEventPayloadType = events;
        }

        var handshake = weAreDtlsServer
            ? DtlsSrtpHandshake.AcceptAsync(_transport.Dtls, _certificate, remote.Fingerprint)
            : DtlsSrtpHandshake.ConnectAsync(_transport.Dtls, _certificate, remote.Fingerprint);
        _secured = KeyAsync(handshake, weAreDtlsClient: !weAreDtlsServer);
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        Session.Clock.Unregister(this);
        Session.Dispose();
        _transport.Dispose();
    }

    void IClockedSession.OnTick()
    {
        if (Volatile.Read(ref _disposed) != 0)
        {
            return;
        }

        // Each consent given (its last valid check) that lapses is reported once, however the ticks fall.
        if (_ice.LastConsent is { } given && given != _lapseReported && !_ice.HasConsent)
        {
            _lapseReported = given;
            ThreadPool.QueueUserWorkItem(static leg => leg.RaiseConsentLost(), this, preferLocal: false);
        }
    }

    private void RaiseConsentLost()
    {
        if (Volatile.Read(ref _disposed) != 0)
        {
            return;
        }

        try
        {
            ConsentLost?.Invoke(this);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            System.Diagnostics.Trace.TraceError($"WebRTC leg {LocalEndPoint}: a ConsentLost handler failed: {ex}");
        }
    }

    private async Task KeyAsync(Task<DtlsSrtpKeys> handshake, bool weAreDtlsClient)
    {
        var keys = await handshake.ConfigureAwait(false);
        _transport.UseKeys(keys, weAreDtlsClient);
    }
}

using System.Diagnostics;
using System.Net;

namespace ContactCentre.Media.WebRtc;

/// <summary>
/// The secured side of a WebRTC leg's one UDP port: demultiplexes by first byte (RFC 7983 §7: 0–3 STUN, 20–63
/// DTLS, 128–191 RTP/RTCP), answers ICE checks, feeds DTLS to the handshake, and SRTP-protects media once the
/// handshake has keyed it. With rtcp-mux (RFC 5761 §4) RTCP shares the port, told apart by payload types 192–223.
/// Until keyed, and whenever ICE consent (RFC 7675) has lapsed, nothing is sent.
/// </summary>
internal sealed class WebRtcTransport : IPacketTransform, IDisposable
{
    private readonly RtpSession _session;
    private readonly IceLiteResponder _ice;
    private volatile SrtpContext? _sender;
    private volatile SrtpContext? _receiver;
    private volatile IPEndPoint? _dtlsPeer;
    private long _refused;

    public WebRtcTransport(RtpSession session, IceLiteResponder ice)
    {
        _session = session;
        _ice = ice;
        Dtls = new DtlsDatagramChannel(SendDtls);
        _ice.Nominated += remote => _session.RemoteEndPoint = remote;
    }

    public DtlsDatagramChannel Dtls { get; }

    public bool IsKeyed => _sender is not null;

    /// <summary>Datagrams dropped: unknown first byte, or SRTP/SRTCP that failed authentication or replay checks.</summary>
    public long RefusedDatagrams => Interlocked.Read(ref _refused);

    public int MaxOverhead => SrtpContext.RtcpTrailerLength;

    /// <summary>Installs the SRTP contexts the DTLS handshake exported.</summary>
    public void UseKeys(DtlsSrtpKeys keys, bool weAreDtlsClient)
    {
        _receiver = keys.CreateReceiver(weAreDtlsClient);
        _sender = keys.CreateSender(weAreDtlsClient);
    }

    public bool TryProtect(Span<byte> buffer, int length, out int protectedLength)
    {
        protectedLength = 0;
        var sender = _sender;
        if (sender is null || !_ice.HasConsent)
        {
            return false;
        }

        return RtcpCompound.LooksLikeRtcp(buffer[..length])
            ? sender.TryProtectRtcp(buffer, length, out protectedLength)
            : sender.TryProtectRtp(buffer, length, out protectedLength);
    }

    public bool TryAccept(Span<byte> datagram, SocketAddress from, out Span<byte> rtp)
    {
        rtp = default;
        try
        {
            return Demultiplex(datagram, from, out rtp);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Whatever a peer sends, the receive loop carries on.
            Trace.TraceWarning($"WebRTC leg {_session.LocalEndPoint}: dropped a datagram: {ex.Message}");
            Interlocked.Increment(ref _refused);
            return false;
        }
    }

    public void Dispose()
    {
        Dtls.Close();
        _sender?.Dispose();
        _receiver?.Dispose();
    }

    private bool Demultiplex(Span<byte> datagram, SocketAddress from, out Span<byte> rtp)
    {
        rtp = default;
        if (datagram.IsEmpty)
        {
            return false;
        }

        byte first = datagram[0];
        if (first <= 3)
        {
            AnswerIceCheck(datagram, from);
            return false;
        }

        if (first is >= 20 and <= 63)
        {
            // DTLS only from the address ICE validated (RFC 8445 §7.3): no handshake with a stranger who guessed the port.
            var source = ToEndPoint(from);
            if (!source.Equals(_ice.SelectedRemote))
            {
                Interlocked.Increment(ref _refused);
                return false;
            }

            _dtlsPeer = source;
            Dtls.Post(datagram);
            return false;
        }

        var receiver = _receiver;
        if (first is < 128 or > 191 || receiver is null || datagram.Length < 2)
        {
            Interlocked.Increment(ref _refused);
            return false;
        }

        if (datagram[1] is >= 192 and <= 223)
        {
            // RTCP (RFC 5761 §4): authenticated and decrypted, then read by the session like any report.
            if (!receiver.TryUnprotectRtcp(datagram, out int rtcpLength))
            {
                Interlocked.Increment(ref _refused);
                return false;
            }

            rtp = datagram[..rtcpLength];
            return true;
        }

        if (!receiver.TryUnprotectRtp(datagram, out int length))
        {
            Interlocked.Increment(ref _refused);
            return false;
        }

        rtp = datagram[..length];
        return true;
    }

    private void AnswerIceCheck(ReadOnlySpan<byte> datagram, SocketAddress from)
    {
        var source = ToEndPoint(from);
        Span<byte> response = stackalloc byte[IceLiteResponder.ResponseBufferLength];
        var outcome = _ice.Answer(datagram, source, response, out int length);
        if (outcome is IceCheckOutcome.Answered or IceCheckOutcome.Rejected)
        {
            _session.SendDatagram(response[..length], source);
        }

        // Before USE-CANDIDATE arrives, answer media to the first address that proved it knows our password.
        if (outcome == IceCheckOutcome.Answered && _session.RemoteEndPoint is null)
        {
            _session.RemoteEndPoint = source;
        }
    }

    private void SendDtls(ReadOnlySpan<byte> record)
    {
        var to = _dtlsPeer ?? _ice.SelectedRemote;
        if (to is not null)
        {
            _session.SendDatagram(record, to);
        }
    }

    private IPEndPoint ToEndPoint(SocketAddress from) => (IPEndPoint)_session.LocalEndPoint.Create(from);
}

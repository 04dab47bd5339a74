using System.Buffers;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;

namespace ContactCentre.Media;

/// <summary>
/// The RTCP side of one <see cref="RtpSession"/> (RFC 3550 §6): a compound SR or RR every interval, parsing
/// of what the far end reports, and a BYE when the session closes. With rtcp-mux (RFC 5761) it shares the
/// RTP socket; otherwise it binds RTP port + 1 (§11) and sends to the remote RTP port + 1, or to wherever
/// the far end's RTCP comes from once some has arrived (symmetric, like RTP).
/// </summary>
internal sealed class RtcpChannel : IDisposable
{
    private const int MaxReport = 256;

    private readonly RtpSession _session;
    private readonly Socket _rtpSocket;
    private readonly Socket? _socket;
    private readonly ReceptionStatistics _reception;
    private readonly TimeSpan _interval;
    private readonly string _cname = Guid.NewGuid().ToString("N")[..16]; // RFC 7022 §4.2: random, per session
    private readonly CancellationTokenSource _stop = new();
    private TimeSpan _next;
    private long _packetsAtLastReport;
    private SocketAddress? _latched;
    private RtcpReport? _lastReport;
    private int _goodbye;

    private readonly Action<RtcpReport> _onReport;

    public RtcpChannel(RtpSession session, Socket rtpSocket, bool mux, ReceptionStatistics reception, TimeSpan interval, TimeSpan now, Action<RtcpReport> onReport)
    {
        _session = session;
        _onReport = onReport;
        _rtpSocket = rtpSocket;
        _reception = reception;
        _interval = interval;
        // §6.2: the first report after half an interval.
        _next = now + (interval / 2);
        if (!mux)
        {
            _socket = BindNextPort((IPEndPoint)rtpSocket.LocalEndPoint!);
            if (_socket is not null)
            {
                _ = ReceiveLoopAsync(_socket);
            }
        }
    }

    public IPEndPoint? LocalEndPoint => _socket?.LocalEndPoint as IPEndPoint;

    public RtcpReport? LastReport => Volatile.Read(ref _lastReport);

    public bool RemoteSaidGoodbye => Volatile.Read(ref _goodbye) != 0;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void OnTick(TimeSpan now)
    {
        if (now < _next)
        {
            return;
        }

        _next = now + (_interval * (0.5 + Random.Shared.NextDouble()));
        Send(now, goodbye: false);
    }

    /// <summary>An RTCP datagram received (on the muxed RTP socket or our own); malformed ones are dropped.</summary>
    public void OnDatagram(ReadOnlySpan<byte> datagram, SocketAddress from, TimeSpan now, bool onOwnSocket)
    {
        var reports = new List<RtcpReport>(1);
        var goodbyes = new List<uint>(1);
        if (!RtcpCompound.TryRead(datagram, now, reports, goodbyes))
        {
            return;
        }

        if (onOwnSocket && _latched is null)
        {
            // The receive buffer's address is reused for the next datagram: keep a copy.
            _latched = _rtpSocket.LocalEndPoint!.Create(from).Serialize();
        }

        foreach (var report in reports)
        {
            if (report.SenderInfo is { } info)
            {
                _reception.RecordSenderReport(report.Ssrc, info.NtpTimestamp, now);
            }

            Volatile.Write(ref _lastReport, report);
            _onReport(report);
        }

        if (goodbyes.Count > 0)
        {
            Volatile.Write(ref _goodbye, 1);
        }
    }

    /// <summary>Sends the BYE (§6.6) and closes our socket.</summary>
    public void Dispose()
    {
        Send(RtpSession.Now, goodbye: true);
        _stop.Cancel();
        _socket?.Dispose();
    }

    private void Send(TimeSpan now, bool goodbye)
    {
        var remote = _session.RemoteEndPoint;
        if (remote is null)
        {
            return;
        }

        long sent = _session.PacketsSent;
        RtcpSenderInfo? info = null;
        if (sent != _packetsAtLastReport)
        {
            // §6.4: an SR when we sent RTP since the last report, else an RR.
            info = new RtcpSenderInfo(RtcpSenderInfo.ToNtp(DateTime.UtcNow), _session.CurrentTimestamp, (uint)sent, (uint)_session.OctetsSent);
            _packetsAtLastReport = sent;
        }

        Span<RtcpReportBlock> blocks = stackalloc RtcpReportBlock[1];
        var count = 0;
        if (_reception.TakeReport(now) is { } block)
        {
            blocks[0] = block;
            count = 1;
        }

        Span<byte> packet = stackalloc byte[MaxReport];
        int length = RtcpCompound.Write(packet, _session.Ssrc, info, blocks[..count], _cname, goodbye);
        try
        {
            if (_socket is null)
            {
                // Muxed: through the session, so a secured leg sends SRTCP (RFC 3711 §3.4).
                _session.SendRtcp(packet[..length]);
            }
            else if (_latched is { } latched)
            {
                _socket.SendTo(packet[..length], SocketFlags.None, latched);
            }
            else
            {
                _socket.SendTo(packet[..length], SocketFlags.None, new IPEndPoint(remote.Address, remote.Port + 1));
            }
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException or ArgumentOutOfRangeException)
        {
            // UDP: a report that cannot go is a lost report.
        }
    }

    private static Socket? BindNextPort(IPEndPoint rtp)
    {
        if (rtp.Port == IPEndPoint.MaxPort)
        {
            return null;
        }

        var socket = new Socket(rtp.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            socket.Bind(new IPEndPoint(rtp.Address, rtp.Port + 1));
            return socket;
        }
        catch (SocketException ex)
        {
            Trace.TraceWarning($"RTP session {rtp}: RTCP port {rtp.Port + 1} is taken ({ex.SocketErrorCode}); no RTCP for this call.");
            socket.Dispose();
            return null;
        }
    }

    private async Task ReceiveLoopAsync(Socket socket)
    {
        byte[] buffer = ArrayPool<byte>.Shared.Rent(2048);
        var from = new SocketAddress(socket.AddressFamily);
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                int length;
                try
                {
                    length = await socket.ReceiveFromAsync(buffer, SocketFlags.None, from, _stop.Token).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
                {
                    break;
                }
                catch (SocketException ex) when (ex.SocketErrorCode is SocketError.ConnectionReset or SocketError.ConnectionRefused or SocketError.MessageSize)
                {
                    continue;
                }
                catch (SocketException)
                {
                    break;
                }

                OnDatagram(buffer.AsSpan(0, length), from, RtpSession.Now, onOwnSocket: true);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}

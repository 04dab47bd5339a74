using System.Net;
using System.Net.Sockets;

namespace ContactCentre.Media.Tests.Support;

/// <summary>A bare UDP socket on 127.0.0.1 for sending hand-made datagrams and inspecting what a session sends.</summary>
internal sealed class RawRtpPeer : IDisposable
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(5);

    private readonly UdpClient _client = new(new IPEndPoint(IPAddress.Loopback, 0));

    public IPEndPoint LocalEndPoint => (IPEndPoint)_client.Client.LocalEndPoint!;

    public void Dispose() => _client.Dispose();

    public async Task<byte[]> ReceiveAsync()
    {
        using var timeout = new CancellationTokenSource(Patience);
        var result = await _client.ReceiveAsync(timeout.Token);
        return result.Buffer;
    }

    /// <summary>The next PCMU packet, skipping RTCP and anything else: its payload and header fields.</summary>
    public async Task<(byte[] Payload, uint Ssrc, ushort Sequence, uint Timestamp)> ReceiveAudioAsync()
    {
        while (true)
        {
            if (ReadAudio(await ReceiveAsync()) is { } audio)
            {
                return audio;
            }
        }
    }

    private static (byte[] Payload, uint Ssrc, ushort Sequence, uint Timestamp)? ReadAudio(byte[] datagram) =>
        !RtcpCompound.LooksLikeRtcp(datagram) && RtpPacket.TryParse(datagram, out var packet) && packet.PayloadType == 0
            ? (packet.Payload.ToArray(), packet.Ssrc, packet.SequenceNumber, packet.Timestamp)
            : null;

    public Task SendAsync(byte[] datagram, IPEndPoint to) => _client.SendAsync(datagram, datagram.Length, to);

    public Task SendRtpAsync(IPEndPoint to, byte payloadType, bool marker, ushort sequence, uint timestamp, uint ssrc, byte[] payload)
    {
        var buffer = new byte[RtpPacket.FixedHeaderLength + payload.Length];
        RtpPacket.Write(buffer, payloadType, marker, sequence, timestamp, ssrc, payload);
        return SendAsync(buffer, to);
    }

    public Task SendEventAsync(IPEndPoint to, ushort sequence, uint timestamp, byte code, bool end, ushort duration)
    {
        var payload = new byte[TelephoneEvent.PayloadLength];
        new TelephoneEvent(code, end, 10, duration).WriteTo(payload);
        return SendRtpAsync(to, 101, marker: duration <= 160 && !end, sequence, timestamp, 0x5151, payload);
    }
}

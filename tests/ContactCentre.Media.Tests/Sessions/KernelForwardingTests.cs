using System.Net;
using ContactCentre.Media.Tests.Support;
using Xunit.Abstractions;

namespace ContactCentre.Media.Tests.Sessions;

/// <summary>
/// Bridges whose sessions ask for <see cref="RtpSessionOptions.KernelForwarding"/>: caller peer ↔ leg A ═ bridge ═
/// leg B ↔ agent peer, all on 127.0.0.1, with the eBPF program doing the forwarding once it has taken over.
/// </summary>
[Trait("Category", "Integration")]
[Collection(SocketCollection.Name)]
public sealed class KernelForwardingTests(ITestOutputHelper output)
{
    private static readonly RtpSessionOptions Kernel = new() { KernelForwarding = true };
    private const uint CallerSsrc = 0x1234;

    [Fact]
    public async Task The_kernel_takes_over_and_forwards_each_payload_under_the_leg_own_header_in_sequence()
    {
        using var caller = new RawRtpPeer();
        using var agent = new RawRtpPeer();
        using var a = RtpSession.Open(IPAddress.Loopback, options: Kernel);
        using var b = RtpSession.Open(IPAddress.Loopback, options: Kernel);
        a.RemoteEndPoint = caller.LocalEndPoint;
        b.RemoteEndPoint = agent.LocalEndPoint;
        int heardAtA = 0;
        a.AudioReceived += _ => Interlocked.Increment(ref heardAtA);
        using var bridge = MediaBridge.Connect(a, b);
        await LatchAsync(agent, b);

        var sent = new List<byte[]>();
        var received = new List<(byte[] Payload, uint Ssrc, ushort Sequence, uint Timestamp)>();
        for (var i = 0; i < 20; i++)
        {
            var payload = Enumerable.Range(0, 160).Select(j => (byte)(i * 7 + j)).ToArray();
            sent.Add(payload);
            await caller.SendRtpAsync(a.LocalEndPoint, 0, marker: i == 0, (ushort)(65530 + i), (uint)(uint.MaxValue - 500 + 160 * i), CallerSsrc, payload);
            received.Add(await ReceiveAudioAsync(agent));
        }

        if (KernelForwarding.Shared is null)
        {
            output.WriteLine($"Kernel forwarding is not available here ({KernelForwarding.Unavailable}); checked the user-space fallback only.");
        }
        else
        {
            Assert.True(b.IsForwardedByKernel, "the direction A → B was not handed to the kernel");
        }

        Assert.Equal(sent, received.Select(r => r.Payload));
        Assert.All(received, r => Assert.Equal(b.Ssrc, r.Ssrc));
        for (var i = 1; i < received.Count; i++)
        {
            Assert.Equal((ushort)(received[0].Sequence + i), received[i].Sequence);
            Assert.Equal(unchecked(received[0].Timestamp + (uint)(160 * i)), received[i].Timestamp);
        }

        // The session still sees every packet (recording, statistics), although it forwarded only the first.
        await Eventually(() => Volatile.Read(ref heardAtA) == 20, "A's AudioReceived saw every packet");
        Assert.Equal(20, a.PacketsReceived);

        // Handing back carries the sequence on: a prompt on B follows the kernel's last packet.
        b.Play(new ToneSource(1000));
        Assert.False(b.IsForwardedByKernel);
        var prompt = await ReceiveAudioAsync(agent);
        Assert.Equal((ushort)(received[^1].Sequence + 1), prompt.Sequence);
        Assert.True(b.PacketsSent >= 21, $"B counts the kernel's packets as sent: {b.PacketsSent}");
        if (KernelForwarding.Shared is not null)
        {
            // The first packet went the user-space way and handed over (the second may have been on its way already,
            // as the agent hears the first before the route is in); the kernel sent the others.
            Assert.InRange(b.PacketsSentByKernel, 18, 19);
        }
    }

    private static async Task LatchAsync(RawRtpPeer peer, RtpSession session)
    {
        await peer.SendRtpAsync(session.LocalEndPoint, 0, marker: true, 1, 0, 0x9999, new byte[160]);
        await Eventually(() => session.PacketsReceived > 0, "the agent's first packet latched B");
    }

    private static async Task Eventually(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + RawRtpPeer.Patience;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, what);
            await Task.Delay(10);
        }
    }

    private static async Task<(byte[] Payload, uint Ssrc, ushort Sequence, uint Timestamp)> ReceiveAudioAsync(RawRtpPeer peer)
    {
        while (true)
        {
            if (ReadAudio(await peer.ReceiveAsync()) is { } audio)
            {
                return audio;
            }
        }
    }

    private static (byte[] Payload, uint Ssrc, ushort Sequence, uint Timestamp)? ReadAudio(byte[] datagram) =>
        !RtcpCompound.LooksLikeRtcp(datagram) && RtpPacket.TryParse(datagram, out var packet) && packet.PayloadType == 0
            ? (packet.Payload.ToArray(), packet.Ssrc, packet.SequenceNumber, packet.Timestamp)
            : null;
}

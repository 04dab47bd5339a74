using System.Net;
using ContactCentre.Media.Tests.Support;
using static ContactCentre.Media.Tests.Support.RtpPeers;
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
        // A clock of 1 s frames: where the bridge forwards in user space (no kernel forwarding here), a loaded machine's
        // delay of more than three 20 ms ticks between two sends would be taken for the caller's pause and covered in
        // the timestamp, as it should be; the kernel shifts each timestamp as it came.
        using var clock = new MediaClock(TimeSpan.FromSeconds(1));
        using var a = RtpSession.Open(IPAddress.Loopback, clock, Kernel);
        using var b = RtpSession.Open(IPAddress.Loopback, clock, Kernel);
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
            received.Add(await agent.ReceiveAudioAsync());
            if (i == 0 && KernelForwarding.IsAvailable)
            {
                // The route goes in just after the first packet went out; the next is sent once it is in.
                await Eventually(() => b.IsForwardedByKernel, "the direction A → B was handed to the kernel after the first packet");
            }
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
        var prompt = await agent.ReceiveAudioAsync();
        Assert.Equal((ushort)(received[^1].Sequence + 1), prompt.Sequence);
        // (The prompt's packet may be counted just after it arrives.)
        Assert.True(b.PacketsSent >= 20, $"B counts the kernel's packets as sent: {b.PacketsSent}");
        if (KernelForwarding.Shared is not null)
        {
            // The first packet went the user-space way and handed over; the kernel sent the other 19.
            Assert.Equal(19, b.PacketsSentByKernel);
        }
    }

    [Fact]
    public async Task Parties_hear_each_other_and_mute_hold_and_unbridge_take_the_kernel_routes_back()
    {
        using var call = await TalkingCall.StartAsync();
        var (c, a, b, d, bridge) = call;
        var sessionHeard = new AudioCapture(a, 1600);

        Assert.Equal(1000, await HeardAsync(d));
        Assert.Equal(600, await HeardAsync(c));
        // The leg still hears its party (what a recorder or a monitor takes) although the kernel forwards.
        Assert.Equal(1000, Goertzel.DominantFrequency(await sessionHeard.Enough.WaitAsync(RawRtpPeer.Patience), Tones));

        bridge.Mute(a);
        Assert.False(b.IsForwardedByKernel, "mute takes A → B back");
        Assert.True(Rms(await LaterAsync(d)) < 50, "the agent hears silence while the caller is muted");
        bridge.Unmute(a);
        await BothWaysInKernelAsync(a, b);
        Assert.Equal(1000, await HeardAsync(d));

        bridge.Hold(b, new ToneSource(400));
        Assert.False(b.IsForwardedByKernel, "hold takes A → B back");
        Assert.Equal(400, Goertzel.DominantFrequency(await LaterAsync(d), Tones));
        bridge.Resume(b);
        await BothWaysInKernelAsync(a, b);
        Assert.Equal(1000, await HeardAsync(d));

        bridge.Unbridge();
        Assert.False(a.IsForwardedByKernel || b.IsForwardedByKernel, "unbridged, the kernel forwards nothing");
        // Both directions went by the kernel where it can run; elsewhere nothing did.
        Assert.Equal(KernelForwarding.IsAvailable, b.PacketsSentByKernel > 0 && a.PacketsSentByKernel > 0);
        d.StopPlayback();
        var quiet = new AudioCapture(d, 1);
        c.Play(new ToneSource(1000));
        await Task.Delay(300);
        Assert.Equal(0, quiet.Frames);
    }

    [Fact]
    public async Task Digits_reach_the_leg_and_not_the_other_party_while_the_kernel_forwards_audio()
    {
        using var call = await TalkingCall.StartAsync();
        var (c, a, _, d, _) = call;
        var atLeg = new DigitCapture(a);
        var atAgent = new DigitCapture(d);

        await c.SendDtmfAsync('5');
        await atLeg.Arrival('5').WaitAsync(RawRtpPeer.Patience);
        Assert.Equal(1000, await HeardAsync(d));
        Assert.Empty(atAgent.Digits);
    }

    private static readonly double[] Tones = [400, 600, 1000, 1400];

    /// <summary>
    /// Caller phone C (1000 Hz) ↔ leg A ═ bridge ═ leg B ↔ agent phone D (600 Hz), the legs asking for kernel
    /// forwarding, once both directions are in the kernel (where it can run).
    /// </summary>
    private sealed record TalkingCall(RtpSession C, RtpSession A, RtpSession B, RtpSession D, MediaBridge Bridge) : IDisposable
    {
        public static async Task<TalkingCall> StartAsync()
        {
            var c = RtpSession.Open(IPAddress.Loopback);
            var a = RtpSession.Open(IPAddress.Loopback, options: Kernel);
            var b = RtpSession.Open(IPAddress.Loopback, options: Kernel);
            var d = RtpSession.Open(IPAddress.Loopback);
            Pair(c, a);
            Pair(b, d);
            var call = new TalkingCall(c, a, b, d, MediaBridge.Connect(a, b));
            call.C.Play(new ToneSource(1000));
            call.D.Play(new ToneSource(600));
            await BothWaysInKernelAsync(call.A, call.B);
            return call;
        }

        public void Dispose()
        {
            Bridge.Dispose();
            foreach (var session in new[] { C, A, B, D })
            {
                session.Dispose();
            }
        }
    }

    /// <summary>Waits until both directions are in the kernel, where it can run; at once elsewhere.</summary>
    private static Task BothWaysInKernelAsync(RtpSession a, RtpSession b) => KernelForwarding.IsAvailable
        ? Eventually(() => a.IsForwardedByKernel && b.IsForwardedByKernel, "both directions handed to the kernel")
        : Task.CompletedTask;

    private static async Task<double> HeardAsync(RtpSession at) =>
        Goertzel.DominantFrequency(await LaterAsync(at), Tones);

    /// <summary>What <paramref name="at"/> hears from now on, past the first 100 ms (frames already on their way).</summary>
    private static async Task<short[]> LaterAsync(RtpSession at)
    {
        var capture = new AudioCapture(at, 2400);
        var heard = await capture.Enough.WaitAsync(RawRtpPeer.Patience);
        return heard[800..];
    }

    private static double Rms(short[] samples) => Math.Sqrt(samples.Average(s => (double)s * s));

    private static async Task LatchAsync(RawRtpPeer peer, RtpSession session)
    {
        await peer.SendRtpAsync(session.LocalEndPoint, 0, marker: true, 1, 0, 0x9999, new byte[160]);
        await Eventually(() => session.IsLatched, "the agent's first packet latched B");
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
}

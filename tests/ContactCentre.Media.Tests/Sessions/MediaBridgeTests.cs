using System.Net;
using ContactCentre.Media.Tests.Support;
using static ContactCentre.Media.Tests.Support.RtpPeers;

namespace ContactCentre.Media.Tests.Sessions;

/// <summary>Caller C talks to the contact centre's leg A; agent D to leg B; the bridge joins A and B.</summary>
[Trait("Category", "Integration")]
[Collection(SocketCollection.Name)]
public sealed class MediaBridgeTests
{
    private static readonly TimeSpan Patience = RawRtpPeer.Patience;
    private static readonly double[] Tones = [400, 600, 1000, 1400];

    [Fact]
    public async Task Bridged_parties_hear_each_other_across_pcmu_and_pcma()
    {
        int before = RtpSession.OpenSessionCount;
        var c = RtpSession.Open(IPAddress.Loopback);
        var a = RtpSession.Open(IPAddress.Loopback);
        var b = RtpSession.Open(IPAddress.Loopback);
        var d = RtpSession.Open(IPAddress.Loopback);
        c.Codec = a.Codec = AudioCodec.Pcmu;
        b.Codec = d.Codec = AudioCodec.Pcma;
        Pair(c, a);
        Pair(b, d);

        using (MediaBridge.Connect(a, b))
        {
            Assert.True(a.IsBridged && b.IsBridged);
            var atAgent = new AudioCapture(d, 800);
            var atCaller = new AudioCapture(c, 800);
            c.Play(new ToneSource(1000));
            d.Play(new ToneSource(600));

            Assert.Equal(1000, Goertzel.DominantFrequency(await atAgent.Enough.WaitAsync(Patience), Tones));
            Assert.Equal(600, Goertzel.DominantFrequency(await atCaller.Enough.WaitAsync(Patience), Tones));
        }

        foreach (var session in new[] { c, a, b, d })
        {
            session.Dispose();
        }

        Assert.Equal(before, RtpSession.OpenSessionCount);
    }

    [Fact]
    public async Task Forwarded_audio_is_transcoded_and_sent_with_the_leg_own_ssrc_and_sequence()
    {
        using var agent = new RawRtpPeer();
        using var c = RtpSession.Open(IPAddress.Loopback);
        using var a = RtpSession.Open(IPAddress.Loopback);
        using var b = RtpSession.Open(IPAddress.Loopback);
        Pair(c, a);
        b.RemoteEndPoint = agent.LocalEndPoint;
        b.Codec = AudioCodec.Pcma;
        using var bridge = MediaBridge.Connect(a, b);

        c.Play(new ToneSource(1000));
        var pcm = new List<short>();
        var sequences = new List<ushort>();
        while (pcm.Count < 800)
        {
            Assert.True(RtpPacket.TryParse(await agent.ReceiveAsync(), out var packet));
            Assert.Equal((byte)AudioCodec.Pcma, packet.PayloadType);
            Assert.Equal(b.Ssrc, packet.Ssrc);
            sequences.Add(packet.SequenceNumber);
            var decoded = new short[packet.Payload.Length];
            G711.Decode(AudioCodec.Pcma, packet.Payload, decoded);
            pcm.AddRange(decoded);
        }

        Assert.Equal(1000, Goertzel.DominantFrequency(pcm.ToArray(), Tones));
        Assert.Equal(Enumerable.Range(0, sequences.Count).Select(i => (ushort)(sequences[0] + i)), sequences);
    }

    [Fact]
    public async Task Between_legs_of_one_codec_each_payload_is_forwarded_byte_for_byte_under_the_leg_own_header()
    {
        using var caller = new RawRtpPeer();
        using var agent = new RawRtpPeer();
        // A clock of 1 s frames: a loaded machine can leave more than three 20 ms ticks between the two sends, which the
        // bridge rightly takes for a pause of the far party and covers in the timestamp; this test is about the header.
        using var clock = new MediaClock(TimeSpan.FromSeconds(1));
        using var a = RtpSession.Open(IPAddress.Loopback, clock);
        using var b = RtpSession.Open(IPAddress.Loopback, clock);
        a.RemoteEndPoint = caller.LocalEndPoint;
        b.RemoteEndPoint = agent.LocalEndPoint;
        using var bridge = MediaBridge.Connect(a, b);

        // µ-law has two codes for zero (0x7F, 0xFF): a decode and re-encode would turn each 0x7F into 0xFF.
        var first = Enumerable.Range(0, 160).Select(i => i % 2 == 0 ? (byte)0x7F : (byte)i).ToArray();
        var second = Enumerable.Range(0, 160).Select(i => (byte)(255 - i)).ToArray();
        await caller.SendRtpAsync(a.LocalEndPoint, 0, marker: true, 1, 1000, 0x1234, first);
        var one = await agent.ReceiveAudioAsync();
        await caller.SendRtpAsync(a.LocalEndPoint, 0, marker: false, 2, 1160, 0x1234, second);
        var two = await agent.ReceiveAudioAsync();

        Assert.Equal(first, one.Payload);
        Assert.Equal(second, two.Payload);
        Assert.Equal(b.Ssrc, one.Ssrc);
        Assert.Equal((ushort)(one.Sequence + 1), two.Sequence);
        Assert.Equal(one.Timestamp + 160, two.Timestamp);
    }

    [Fact]
    public async Task A_muted_party_of_a_same_codec_bridge_is_replaced_by_encoded_silence()
    {
        using var caller = new RawRtpPeer();
        using var agent = new RawRtpPeer();
        using var a = RtpSession.Open(IPAddress.Loopback);
        using var b = RtpSession.Open(IPAddress.Loopback);
        a.RemoteEndPoint = caller.LocalEndPoint;
        b.RemoteEndPoint = agent.LocalEndPoint;
        using var bridge = MediaBridge.Connect(a, b);
        bridge.Mute(a);

        await caller.SendRtpAsync(a.LocalEndPoint, 0, marker: true, 1, 1000, 0x1234, Enumerable.Range(0, 160).Select(i => (byte)i).ToArray());
        var heard = await agent.ReceiveAudioAsync();

        Assert.Equal(Enumerable.Repeat(G711.LinearToMuLaw(0), 160), heard.Payload);
    }

    [Fact]
    public async Task Dtmf_is_consumed_by_the_contact_centre_not_forwarded()
    {
        using var c = RtpSession.Open(IPAddress.Loopback);
        using var a = RtpSession.Open(IPAddress.Loopback);
        using var b = RtpSession.Open(IPAddress.Loopback);
        using var d = RtpSession.Open(IPAddress.Loopback);
        Pair(c, a);
        Pair(b, d);
        using var bridge = MediaBridge.Connect(a, b);
        var atCentre = new DigitCapture(a);
        var atAgent = new DigitCapture(d);
        var agentHears = new AudioCapture(d, 160);

        await c.SendDtmfAsync('7').WaitAsync(Patience);
        await atCentre.Arrival('7').WaitAsync(Patience);
        // Audio sent after the digit reaches the agent, so anything forwarded would have arrived by then.
        c.Play(new ToneSource(1000));
        await agentHears.Enough.WaitAsync(Patience);

        Assert.Empty(atAgent.Digits);
    }

    [Fact]
    public async Task Unbridged_sessions_fall_quiet()
    {
        using var c = RtpSession.Open(IPAddress.Loopback);
        using var a = RtpSession.Open(IPAddress.Loopback);
        using var b = RtpSession.Open(IPAddress.Loopback);
        using var d = RtpSession.Open(IPAddress.Loopback);
        Pair(c, a);
        Pair(b, d);
        var agentHears = new AudioCapture(d, 160);
        var bridge = MediaBridge.Connect(a, b);
        c.Play(new ToneSource(1000));
        await agentHears.Enough.WaitAsync(Patience);

        bridge.Dispose();
        Assert.False(a.IsBridged || b.IsBridged);
        long sentAtUnbridge = b.PacketsSent;
        await Task.Delay(TimeSpan.FromMilliseconds(200));

        Assert.InRange(b.PacketsSent - sentAtUnbridge, 0, 1); // at most one packet already in flight
        Assert.Throws<InvalidOperationException>(() =>
        {
            using var first = MediaBridge.Connect(a, b);
            using var second = MediaBridge.Connect(a, d);
        });
    }
}

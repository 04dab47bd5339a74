using System.Net;
using ContactCentre.Media.Tests.Support;

namespace ContactCentre.Media.Tests.Sessions;

[Trait("Category", "Integration")]
[Collection(SocketCollection.Name)]
public sealed class RtpSessionTests
{
    private static readonly TimeSpan Patience = RawRtpPeer.Patience;
    private static readonly double[] Tones = [400, 600, 1000, 1400];

    [Fact]
    public async Task A_tone_played_on_one_session_is_heard_at_the_other()
    {
        using var a = RtpSession.Open(IPAddress.Loopback);
        using var b = RtpSession.Open(IPAddress.Loopback);
        a.RemoteEndPoint = b.LocalEndPoint;
        var heard = new AudioCapture(b, 800);

        a.Play(new ToneSource(1000));
        short[] samples = await heard.Enough.WaitAsync(Patience);

        Assert.Equal(1000, Goertzel.DominantFrequency(samples, Tones));
    }

    [Fact]
    public async Task Packets_are_paced_at_about_one_per_20_ms()
    {
        using var a = RtpSession.Open(IPAddress.Loopback);
        using var b = RtpSession.Open(IPAddress.Loopback);
        a.RemoteEndPoint = b.LocalEndPoint;
        var heard = new AudioCapture(b, 160);

        a.Play(new ToneSource(1000));
        await heard.Enough.WaitAsync(Patience);
        int before = heard.Frames;
        await Task.Delay(TimeSpan.FromSeconds(1));
        int during = heard.Frames - before;

        Assert.InRange(during, 30, 70);
    }

    [Fact]
    public async Task Sequence_and_timestamp_run_on_across_prompts_with_one_ssrc()
    {
        using var peer = new RawRtpPeer();
        using var a = RtpSession.Open(IPAddress.Loopback);
        a.RemoteEndPoint = peer.LocalEndPoint;
        var second = new ToneSource(600, duration: TimeSpan.FromMilliseconds(60));
        a.PlaybackFinished += (session, source) =>
        {
            if (source is not ToneSource { } first || ReferenceEquals(first, second))
            {
                return;
            }

            session.Play(second);
        };

        a.Play(new ToneSource(1000, duration: TimeSpan.FromMilliseconds(60)));
        var packets = new List<(bool Marker, ushort Sequence, uint Timestamp, uint Ssrc, int Length)>();
        while (packets.Count < 6)
        {
            byte[] datagram = await peer.ReceiveAsync();
            Assert.True(RtpPacket.TryParse(datagram, out var packet));
            packets.Add((packet.Marker, packet.SequenceNumber, packet.Timestamp, packet.Ssrc, packet.Payload.Length));
        }

        Assert.All(packets, p => Assert.Equal(a.Ssrc, p.Ssrc));
        Assert.All(packets, p => Assert.Equal(160, p.Length));
        for (var i = 1; i < packets.Count; i++)
        {
            Assert.Equal((ushort)(packets[i - 1].Sequence + 1), packets[i].Sequence);
            Assert.True(packets[i].Timestamp - packets[i - 1].Timestamp >= 160);
            Assert.Equal(0u, (packets[i].Timestamp - packets[i - 1].Timestamp) % 160);
        }

        // A new prompt after a gap starts a talkspurt: marker bit, and the timestamp jumps over the silence.
        Assert.Equal([true, false, false, true, false, false], packets.Select(p => p.Marker));
        Assert.True(packets[3].Timestamp - packets[2].Timestamp > 160);
    }

    [Fact]
    public async Task Playback_finished_reports_the_source_once_it_runs_out()
    {
        using var a = RtpSession.Open(IPAddress.Loopback);
        using var b = RtpSession.Open(IPAddress.Loopback);
        a.RemoteEndPoint = b.LocalEndPoint;
        var prompt = new ToneSource(1000, duration: TimeSpan.FromMilliseconds(100));
        var finished = new TaskCompletionSource<IAudioSource>(TaskCreationOptions.RunContinuationsAsynchronously);
        a.PlaybackFinished += (_, source) => finished.TrySetResult(source);

        a.Play(prompt);

        Assert.Same(prompt, await finished.Task.WaitAsync(Patience));
        Assert.Equal(5, a.PacketsSent);
    }

    [Fact]
    public async Task Dtmf_digits_sent_by_one_session_are_reported_once_each_by_the_other()
    {
        using var a = RtpSession.Open(IPAddress.Loopback);
        using var b = RtpSession.Open(IPAddress.Loopback);
        a.RemoteEndPoint = b.LocalEndPoint;
        var digits = new DigitCapture(b);

        await a.SendDtmfAsync('1').WaitAsync(Patience);
        await a.SendDtmfAsync('#').WaitAsync(Patience);
        // A last digit marks the end: once it is in, everything sent before it has been processed.
        await a.SendDtmfAsync('D').WaitAsync(Patience);
        await digits.Arrival('D').WaitAsync(Patience);

        Assert.Equal(['1', '#', 'D'], digits.Digits);
    }

    [Fact]
    public async Task Duplicated_and_lost_end_packets_still_give_each_digit_once()
    {
        using var peer = new RawRtpPeer();
        using var b = RtpSession.Open(IPAddress.Loopback);
        var digits = new DigitCapture(b);
        var to = b.LocalEndPoint;
        ushort sequence = 1;

        // '1': start, update, then its end packet six times (three sent twice).
        await peer.SendEventAsync(to, sequence++, 1000, 1, end: false, 160);
        await peer.SendEventAsync(to, sequence++, 1000, 1, end: false, 320);
        for (var i = 0; i < 6; i++)
        {
            await peer.SendEventAsync(to, sequence++, 1000, 1, end: true, 800);
        }

        // '#': every end packet lost; the next event's new timestamp tells that it is over.
        await peer.SendEventAsync(to, sequence++, 2000, 11, end: false, 160);
        await peer.SendEventAsync(to, sequence++, 2000, 11, end: false, 320);
        await peer.SendEventAsync(to, sequence++, 3000, 10, end: false, 160);
        await peer.SendEventAsync(to, sequence++, 3000, 10, end: true, 800);
        await peer.SendEventAsync(to, sequence++, 3000, 10, end: true, 800);
        await peer.SendEventAsync(to, sequence++, 3000, 10, end: true, 800);
        await peer.SendEventAsync(to, sequence++, 4000, 15, end: true, 800);
        await digits.Arrival('D').WaitAsync(Patience);

        Assert.Equal(['1', '#', '*', 'D'], digits.Digits);
    }

    [Fact]
    public async Task Dtmf_follows_rfc4733_and_pauses_the_prompt()
    {
        using var peer = new RawRtpPeer();
        using var a = RtpSession.Open(IPAddress.Loopback);
        a.RemoteEndPoint = peer.LocalEndPoint;
        a.Play(new ToneSource(1000));
        Assert.True(RtpPacket.TryParse(await peer.ReceiveAsync(), out _));

        var sent = a.SendDtmfAsync('5', TimeSpan.FromMilliseconds(60));
        var events = new List<(bool Marker, ushort Sequence, uint Timestamp, TelephoneEvent Event)>();
        (bool Marker, uint Timestamp)? resumed = null;
        while (resumed is null)
        {
            byte[] datagram = await peer.ReceiveAsync();
            Assert.True(RtpPacket.TryParse(datagram, out var packet));
            if (packet.PayloadType == 101)
            {
                Assert.True(TelephoneEvent.TryParse(packet.Payload, out var telephoneEvent));
                events.Add((packet.Marker, packet.SequenceNumber, packet.Timestamp, telephoneEvent));
            }
            else if (events.Count > 0)
            {
                resumed = (packet.Marker, packet.Timestamp);
            }
        }

        await sent.WaitAsync(Patience);
        Assert.Equal(6, events.Count); // three updates for 60 ms, then the end packet three times
        Assert.True(events[0].Marker);
        Assert.All(events.Skip(1), e => Assert.False(e.Marker));
        Assert.All(events, e => Assert.Equal(events[0].Timestamp, e.Timestamp));
        Assert.All(events, e => Assert.Equal(5, e.Event.Event));
        Assert.Equal([160, 320, 480, 480, 480, 480], events.Select(e => (int)e.Event.Duration));
        Assert.Equal([false, false, false, true, true, true], events.Select(e => e.Event.End));
        for (var i = 1; i < events.Count; i++)
        {
            Assert.Equal((ushort)(events[i - 1].Sequence + 1), events[i].Sequence);
        }

        Assert.True(resumed.Value.Marker);
        Assert.True(resumed.Value.Timestamp - events[0].Timestamp >= 480);
    }

    [Fact]
    public async Task Invalid_datagrams_are_counted_and_ignored()
    {
        using var peer = new RawRtpPeer();
        using var b = RtpSession.Open(IPAddress.Loopback);
        var heard = new AudioCapture(b, 160);
        var version1 = new byte[172];
        version1[0] = 0x40;

        await peer.SendAsync([1, 2, 3], b.LocalEndPoint);
        await peer.SendAsync(version1, b.LocalEndPoint);
        await peer.SendRtpAsync(b.LocalEndPoint, 0, true, 1, 160, 7, new byte[160]);
        await heard.Enough.WaitAsync(Patience);

        Assert.Equal(2, b.InvalidPacketsReceived);
        Assert.Equal(1, b.PacketsReceived);
    }

    [Fact]
    public async Task Symmetric_rtp_latches_the_remote_endpoint_to_where_packets_come_from()
    {
        using var peer = new RawRtpPeer();
        using var b = RtpSession.Open(IPAddress.Loopback);
        b.RemoteEndPoint = new IPEndPoint(IPAddress.Loopback, 9); // what SDP said; not where the caller is
        var heard = new AudioCapture(b, 160);

        await peer.SendRtpAsync(b.LocalEndPoint, 8, true, 1, 160, 7, new byte[160]);
        await heard.Enough.WaitAsync(Patience);
        b.Play(new ToneSource(1000));
        byte[] datagram = await peer.ReceiveAsync();

        Assert.Equal(peer.LocalEndPoint, b.RemoteEndPoint);
        Assert.True(RtpPacket.TryParse(datagram, out var packet));
        Assert.Equal(b.Ssrc, packet.Ssrc);
    }

    [Fact]
    public async Task A_remote_address_of_the_other_family_is_ignored_until_the_peer_is_latched()
    {
        using var peer = new RawRtpPeer();
        using var b = RtpSession.Open(IPAddress.Loopback);
        b.RemoteEndPoint = new IPEndPoint(IPAddress.Parse("fd00::2"), 7078); // an IPv6 c= line offered to IPv4 media
        Assert.Null(b.RemoteEndPoint);

        var heard = new AudioCapture(b, 160);
        await peer.SendRtpAsync(b.LocalEndPoint, 0, true, 1, 160, 7, new byte[160]);
        await heard.Enough.WaitAsync(Patience);
        Assert.Equal(peer.LocalEndPoint, b.RemoteEndPoint);
    }

    [Fact]
    public async Task Disposed_sessions_release_their_sockets_and_clock_slots()
    {
        using var clock = new MediaClock();
        int before = RtpSession.OpenSessionCount;
        var a = RtpSession.Open(IPAddress.Loopback, clock);
        var b = RtpSession.Open(IPAddress.Loopback, clock);
        Assert.Equal(before + 2, RtpSession.OpenSessionCount);
        Assert.Equal(2, clock.SessionCount);

        a.Dispose();
        b.Dispose();
        await Task.WhenAll(a.ReceiveLoop, b.ReceiveLoop).WaitAsync(Patience);

        Assert.True(a.IsDisposed);
        Assert.Equal(before, RtpSession.OpenSessionCount);
        Assert.Equal(0, clock.SessionCount);
        Assert.Throws<ObjectDisposedException>(() => a.Play(new ToneSource(1000)));
        using var rebound = new System.Net.Sockets.UdpClient(a.LocalEndPoint); // the port is free again
    }

    [Fact]
    public void Opening_on_a_stopped_clock_fails_without_leaking_a_session()
    {
        var clock = new MediaClock();
        clock.Dispose();
        int before = RtpSession.OpenSessionCount;

        Assert.Throws<ObjectDisposedException>(() => RtpSession.Open(IPAddress.Loopback, clock));
        Assert.Equal(before, RtpSession.OpenSessionCount);
    }

    [Fact]
    public async Task A_private_clock_ticks_about_every_20_ms()
    {
        using var clock = new MediaClock();
        long start = clock.Ticks;
        await Task.Delay(TimeSpan.FromSeconds(1));

        Assert.InRange(clock.Ticks - start, 30, 70);
    }
}

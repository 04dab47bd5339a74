using System.Net;
using ContactCentre.Media.Tests.Support;

namespace ContactCentre.Media.Tests.Sessions;

/// <summary>The receive side of a session on real loopback sockets: statistics, RTCP, latching, comfort noise, digits, barge-in.</summary>
[Trait("Category", "Integration")]
[Collection(SocketCollection.Name)]
public sealed class RtpSessionReceiveTests
{
    private static readonly TimeSpan Patience = RawRtpPeer.Patience;
    private static readonly RtpSessionOptions QuickRtcp = new() { RtcpInterval = TimeSpan.FromMilliseconds(200) };

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Each_side_gets_the_others_rtcp_reports_on_port_plus_one_or_muxed(bool mux)
    {
        var options = QuickRtcp with { RtcpMux = mux };
        using var a = RtpSession.Open(IPAddress.Loopback, options: options);
        using var b = RtpSession.Open(IPAddress.Loopback, options: options);
        a.RemoteEndPoint = b.LocalEndPoint;
        b.RemoteEndPoint = a.LocalEndPoint;
        var senderReport = new TaskCompletionSource<RtcpReport>(TaskCreationOptions.RunContinuationsAsynchronously);
        var receiverReport = new TaskCompletionSource<RtcpReport>(TaskCreationOptions.RunContinuationsAsynchronously);
        b.RtcpReportReceived += (_, report) =>
        {
            if (report.SenderInfo is not null)
            {
                senderReport.TrySetResult(report);
            }
        };
        a.RtcpReportReceived += (_, report) =>
        {
            if (report.BlockFor(a.Ssrc) is not null)
            {
                receiverReport.TrySetResult(report);
            }
        };

        a.Play(new ToneSource(1000));
        var fromA = await senderReport.Task.WaitAsync(Patience);
        var fromB = await receiverReport.Task.WaitAsync(Patience);

        Assert.Equal(mux, a.RtcpEndPoint is null);
        if (!mux)
        {
            Assert.Equal(a.LocalEndPoint.Port + 1, a.RtcpEndPoint!.Port);
        }

        Assert.Equal(a.Ssrc, fromA.Ssrc);
        Assert.True(fromA.SenderInfo!.Value.PacketCount > 0);
        Assert.Equal(160 * fromA.SenderInfo.Value.PacketCount, fromA.SenderInfo.Value.OctetCount);
        Assert.Null(fromB.SenderInfo); // b sends no RTP: a receiver report
        Assert.Equal(b.Ssrc, fromB.Ssrc);
        Assert.Same(fromB, a.LastReceivedReport);
    }

    [Fact]
    public async Task Playout_once_read_plays_what_arrives_after_its_delay()
    {
        using var peer = new RawRtpPeer();
        using var session = RtpSession.Open(IPAddress.Loopback);
        var frame = new short[160];
        Assert.Equal(PlayoutFrame.Silence, session.Playout.Read(frame)); // from here on the session fills it
        int received = 0;
        var all = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        session.AudioReceived += _ =>
        {
            if (Interlocked.Increment(ref received) == 10)
            {
                all.TrySetResult();
            }
        };

        var payload = new byte[160];
        Array.Fill(payload, G711.LinearToMuLaw(8000));
        for (var p = 0; p < 10; p++)
        {
            await peer.SendRtpAsync(session.LocalEndPoint, 0, p == 0, (ushort)p, (uint)(p * 160), 0x7777, payload);
        }

        await all.Task.WaitAsync(Patience);
        var kinds = Enumerable.Range(0, 10).Select(_ => session.Playout.Read(frame)).ToList();

        // 60 ms of delay is three frames of silence, then the packets' audio.
        Assert.Equal([PlayoutFrame.Silence, PlayoutFrame.Silence, PlayoutFrame.Silence, PlayoutFrame.Audio], kinds.Take(4));
        Assert.All(kinds.Skip(3), kind => Assert.Equal(PlayoutFrame.Audio, kind));
        Assert.All(frame, sample => Assert.Equal(G711.MuLawToLinear(G711.LinearToMuLaw(8000)), sample));
    }

    [Fact]
    public async Task A_muxed_session_says_bye_when_disposed()
    {
        using var peer = new RawRtpPeer();
        var a = RtpSession.Open(IPAddress.Loopback, options: new RtpSessionOptions { RtcpMux = true });
        a.RemoteEndPoint = peer.LocalEndPoint;
        uint ssrc = a.Ssrc;

        a.Dispose();
        var goodbyes = new List<uint>();
        while (goodbyes.Count == 0)
        {
            byte[] datagram = await peer.ReceiveAsync();
            Assert.True(RtcpCompound.LooksLikeRtcp(datagram));
            Assert.True(RtcpCompound.TryRead(datagram, TimeSpan.Zero, [], goodbyes));
        }

        Assert.Equal([ssrc], goodbyes);
    }

    [Fact]
    public async Task Loss_in_the_received_stream_shows_in_the_reception_statistics()
    {
        using var peer = new RawRtpPeer();
        using var b = RtpSession.Open(IPAddress.Loopback);
        var heard = new AudioCapture(b, 10 * 160);

        for (ushort sequence = 100; sequence <= 111; sequence++)
        {
            if (sequence != 105)
            {
                await peer.SendRtpAsync(b.LocalEndPoint, 0, false, sequence, sequence * 160u, 42, new byte[160]);
            }
        }

        await heard.Enough.WaitAsync(Patience);
        var report = b.Reception.TakeReport(TimeSpan.Zero)!.Value;

        Assert.Equal(42u, report.Ssrc);
        Assert.Equal(1, report.CumulativeLost); // 101..110 expected after probation, 105 missing
    }

    [Fact]
    public async Task Only_packets_of_an_expected_payload_type_latch_the_remote()
    {
        using var stray = new RawRtpPeer();
        using var caller = new RawRtpPeer();
        using var b = RtpSession.Open(IPAddress.Loopback);
        b.RemoteEndPoint = new IPEndPoint(IPAddress.Loopback, 9);
        var heard = new AudioCapture(b, 160);

        await stray.SendRtpAsync(b.LocalEndPoint, 96, false, 1, 160, 7, new byte[40]); // not offered
        await caller.SendRtpAsync(b.LocalEndPoint, 0, true, 1, 160, 8, new byte[160]);
        await heard.Enough.WaitAsync(Patience);

        Assert.Equal(caller.LocalEndPoint, b.RemoteEndPoint);
    }

    [Fact]
    public async Task Audio_and_digits_from_elsewhere_are_dropped_while_the_latched_caller_talks()
    {
        using var intruder = new RawRtpPeer();
        using var caller = new RawRtpPeer();
        using var b = RtpSession.Open(IPAddress.Loopback);
        var levels = new List<short>();
        var digits = new List<char>();
        var callerDone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        b.DtmfReceived += (_, digit) => digits.Add(digit);
        b.AudioReceived += pcm =>
        {
            levels.Add(pcm[0]);
            if (levels.Count == 2)
            {
                callerDone.TrySetResult();
            }
        };

        var quiet = new byte[160];
        Array.Fill(quiet, G711.LinearToMuLaw(100));
        var loud = new byte[160];
        Array.Fill(loud, G711.LinearToMuLaw(20000));
        // One socket's queue keeps the order of sending on loopback: the caller latches, the intruder follows.
        await caller.SendRtpAsync(b.LocalEndPoint, 0, true, 1, 160, 8, quiet);
        await intruder.SendRtpAsync(b.LocalEndPoint, 0, true, 1, 160, 9, loud);
        await intruder.SendEventAsync(b.LocalEndPoint, 2, 320, 5, end: true, 800);
        await intruder.SendEventAsync(b.LocalEndPoint, 3, 320, 5, end: true, 800);
        await caller.SendRtpAsync(b.LocalEndPoint, 0, false, 2, 320, 8, quiet);
        await callerDone.Task.WaitAsync(Patience);

        Assert.Equal([G711.MuLawToLinear(quiet[0]), G711.MuLawToLinear(quiet[0])], levels);
        Assert.Empty(digits);
        Assert.Equal(3, b.PacketsFromElsewhere);
        Assert.Equal(8u, b.Reception.Ssrc); // the intruder's SSRC never reached the statistics
        Assert.Equal(caller.LocalEndPoint, b.RemoteEndPoint);
    }

    [Fact]
    public async Task A_talking_latched_caller_is_not_diverted_by_packets_from_elsewhere()
    {
        using var intruder = new RawRtpPeer();
        using var caller = new RawRtpPeer();
        using var b = RtpSession.Open(IPAddress.Loopback);
        var heard = new AudioCapture(b, 320);

        await caller.SendRtpAsync(b.LocalEndPoint, 0, true, 1, 160, 8, new byte[160]);
        await intruder.SendRtpAsync(b.LocalEndPoint, 0, true, 1, 160, 9, new byte[160]);
        await caller.SendRtpAsync(b.LocalEndPoint, 0, false, 2, 320, 8, new byte[160]);
        await heard.Enough.WaitAsync(Patience);

        Assert.Equal(caller.LocalEndPoint, b.RemoteEndPoint);
    }

    [Fact]
    public async Task A_comfort_noise_packet_is_not_heard_as_audio()
    {
        using var peer = new RawRtpPeer();
        using var b = RtpSession.Open(IPAddress.Loopback);
        var heard = new AudioCapture(b, 160);
        byte[] tone = new byte[160];
        G711.Encode(AudioCodec.Pcmu, Signals.Tone(1000, 160), tone);

        await peer.SendRtpAsync(b.LocalEndPoint, ComfortNoise.PayloadType, true, 1, 0, 7, [40]);
        await peer.SendRtpAsync(b.LocalEndPoint, 0, true, 2, 160, 7, tone);
        short[] samples = await heard.Enough.WaitAsync(Patience);

        Assert.Equal(1, heard.Frames);
        Assert.Equal(Signals.ThroughG711(AudioCodec.Pcmu, Signals.Tone(1000, 160)), samples);
    }

    [Fact]
    public async Task A_digit_is_reported_once_with_the_duration_of_its_end_packet()
    {
        using var peer = new RawRtpPeer();
        using var b = RtpSession.Open(IPAddress.Loopback);
        var digits = new DigitsHeard(b);

        await peer.SendEventAsync(b.LocalEndPoint, 1, 8000, 9, end: false, 160);
        await peer.SendEventAsync(b.LocalEndPoint, 2, 8000, 9, end: true, 1040);
        await peer.SendEventAsync(b.LocalEndPoint, 3, 8000, 9, end: true, 1040);
        await peer.SendEventAsync(b.LocalEndPoint, 4, 8000, 9, end: true, 1040);
        await peer.SendEventAsync(b.LocalEndPoint, 5, 9600, 11, end: true, 800);
        await digits.Count(2).WaitAsync(Patience);

        Assert.Equal(
            [new DtmfDigit('9', TimeSpan.FromMilliseconds(130), DtmfSignalling.TelephoneEvent), new DtmfDigit('#', TimeSpan.FromMilliseconds(100), DtmfSignalling.TelephoneEvent)],
            digits.All);
    }

    [Fact]
    public async Task A_digit_whose_end_packets_are_all_lost_is_reported_after_the_timeout()
    {
        using var peer = new RawRtpPeer();
        using var b = RtpSession.Open(IPAddress.Loopback);
        var digits = new DigitsHeard(b);

        await peer.SendEventAsync(b.LocalEndPoint, 1, 8000, 4, end: false, 160);
        await peer.SendEventAsync(b.LocalEndPoint, 2, 8000, 4, end: false, 320);
        await digits.Count(1).WaitAsync(Patience);

        Assert.Equal([new DtmfDigit('4', TimeSpan.FromMilliseconds(40), DtmfSignalling.TelephoneEvent)], digits.All);
    }

    [Fact]
    public async Task In_band_tones_are_digits_when_the_option_is_on()
    {
        using var peer = new RawRtpPeer();
        using var b = RtpSession.Open(IPAddress.Loopback, options: new RtpSessionOptions { InBandDtmf = true });
        var digits = new DigitsHeard(b);
        var audio = Signals.Concat(Signals.Tone(852, 800, 6000).Zip(Signals.Tone(1477, 800, 6000), (x, y) => (short)(x + y)).ToArray(), new short[800]);

        for (var frame = 0; frame < audio.Length / 160; frame++)
        {
            var payload = new byte[160];
            G711.Encode(AudioCodec.Pcmu, audio.AsSpan(frame * 160, 160), payload);
            await peer.SendRtpAsync(b.LocalEndPoint, 0, frame == 0, (ushort)frame, (uint)(frame * 160), 7, payload);
        }

        await digits.Count(1).WaitAsync(Patience);

        Assert.Equal('9', digits.All[0].Key);
        Assert.Equal(DtmfSignalling.InBand, digits.All[0].Signalling);
    }

    [Fact]
    public async Task A_digit_stops_a_prompt_played_with_barge_in_and_says_so()
    {
        using var peer = new RawRtpPeer();
        using var a = RtpSession.Open(IPAddress.Loopback);
        a.RemoteEndPoint = peer.LocalEndPoint;
        var ended = new TaskCompletionSource<PlaybackEnd>(TaskCreationOptions.RunContinuationsAsynchronously);
        var finished = new TaskCompletionSource<IAudioSource>(TaskCreationOptions.RunContinuationsAsynchronously);
        a.PlaybackEnded += (_, end) => ended.TrySetResult(end);
        a.PlaybackFinished += (_, source) => finished.TrySetResult(source);
        var prompt = new ToneSource(1000, duration: TimeSpan.FromMinutes(1));

        a.Play(prompt, bargeIn: true);
        await peer.ReceiveAsync();
        await peer.SendEventAsync(a.LocalEndPoint, 1, 8000, 3, end: true, 800);
        var end = await ended.Task.WaitAsync(Patience);

        Assert.Same(prompt, end.Source);
        Assert.True(end.Interrupted);
        Assert.Equal('3', end.InterruptedBy!.Value.Key);
        Assert.Same(prompt, await finished.Task.WaitAsync(Patience));
    }

    [Fact]
    public async Task Without_barge_in_a_digit_leaves_the_prompt_playing()
    {
        using var peer = new RawRtpPeer();
        using var a = RtpSession.Open(IPAddress.Loopback);
        a.RemoteEndPoint = peer.LocalEndPoint;
        var digits = new DigitsHeard(a);

        a.Play(new ToneSource(1000, duration: TimeSpan.FromMinutes(1)));
        await peer.ReceiveAsync();
        await peer.SendEventAsync(a.LocalEndPoint, 1, 8000, 3, end: true, 800);
        await digits.Count(1).WaitAsync(Patience);
        var after = new List<short>();
        while (after.Count < 800)
        {
            Assert.True(RtpPacket.TryParse(await peer.ReceiveAsync(), out var packet));
            var pcm = new short[packet.Payload.Length];
            G711.Decode(AudioCodec.Pcmu, packet.Payload, pcm);
            after.AddRange(pcm);
        }

        Assert.Equal(1000, Goertzel.DominantFrequency([.. after], [400, 1000, 1400]));
    }

    [Fact]
    public async Task A_bridged_leg_keeps_its_own_ssrc_sequence_and_timestamp_when_the_far_end_changes_ssrc()
    {
        using var caller = new RawRtpPeer();
        using var agent = new RawRtpPeer();
        using var a = RtpSession.Open(IPAddress.Loopback);
        using var b = RtpSession.Open(IPAddress.Loopback);
        b.RemoteEndPoint = agent.LocalEndPoint;
        using var bridge = MediaBridge.Connect(a, b);

        for (var i = 0; i < 8; i++)
        {
            // The caller's side restarts its stream halfway: new SSRC, sequence and timestamp base.
            bool second = i >= 4;
            await caller.SendRtpAsync(a.LocalEndPoint, 0, i is 0 or 4, (ushort)((second ? 40000 : 100) + i), (second ? 123456u : 5000u) + ((uint)i * 160), second ? 0xBBBBu : 0xAAAAu, new byte[160]);
        }

        var forwarded = new List<(ushort Sequence, uint Timestamp, uint Ssrc)>();
        while (forwarded.Count < 8)
        {
            Assert.True(RtpPacket.TryParse(await agent.ReceiveAsync(), out var packet));
            forwarded.Add((packet.SequenceNumber, packet.Timestamp, packet.Ssrc));
        }

        Assert.All(forwarded, p => Assert.Equal(b.Ssrc, p.Ssrc));
        for (var i = 1; i < forwarded.Count; i++)
        {
            Assert.Equal((ushort)(forwarded[i - 1].Sequence + 1), forwarded[i].Sequence);
            Assert.Equal(forwarded[i - 1].Timestamp + 160, forwarded[i].Timestamp);
        }
    }

    [Fact]
    public async Task A_pause_in_bridged_audio_shows_as_a_timestamp_jump_with_the_marker_bit()
    {
        using var caller = new RawRtpPeer();
        using var agent = new RawRtpPeer();
        using var a = RtpSession.Open(IPAddress.Loopback);
        using var b = RtpSession.Open(IPAddress.Loopback);
        b.RemoteEndPoint = agent.LocalEndPoint;
        using var bridge = MediaBridge.Connect(a, b);
        var forwarded = new List<(bool Marker, ushort Sequence, uint Timestamp)>();

        for (var i = 0; i < 6; i++)
        {
            if (i == 3)
            {
                // The caller stops sending for 400 ms (silence suppression), then talks again.
                await Task.Delay(TimeSpan.FromMilliseconds(400));
            }

            await caller.SendRtpAsync(a.LocalEndPoint, 0, i is 0 or 3, (ushort)(100 + i), 5000u + ((uint)i * 160), 0xAAAA, new byte[160]);
            Assert.True(RtpPacket.TryParse(await agent.ReceiveAsync(), out var packet));
            forwarded.Add((packet.Marker, packet.SequenceNumber, packet.Timestamp));
        }

        Assert.Equal([false, false, true, false], new[] { forwarded[1].Marker, forwarded[2].Marker, forwarded[3].Marker, forwarded[4].Marker });
        Assert.Equal(forwarded[1].Timestamp + 160, forwarded[2].Timestamp);
        Assert.InRange(forwarded[3].Timestamp - forwarded[2].Timestamp, 10 * 160u, 25 * 160u);
        Assert.Equal(forwarded[3].Timestamp + 160, forwarded[4].Timestamp);
        for (var i = 1; i < forwarded.Count; i++)
        {
            Assert.Equal((ushort)(forwarded[i - 1].Sequence + 1), forwarded[i].Sequence);
        }
    }

    /// <summary>Digits with durations a session reports, awaitable by count.</summary>
    private sealed class DigitsHeard
    {
        private readonly Lock _gate = new();
        private readonly List<DtmfDigit> _digits = [];
        private readonly List<(int Count, TaskCompletionSource Done)> _waiting = [];

        public DigitsHeard(RtpSession session) => session.DigitReceived += (_, digit) =>
        {
            lock (_gate)
            {
                _digits.Add(digit);
                foreach (var (count, done) in _waiting)
                {
                    if (_digits.Count >= count)
                    {
                        done.TrySetResult();
                    }
                }
            }
        };

        public List<DtmfDigit> All
        {
            get
            {
                lock (_gate)
                {
                    return [.. _digits];
                }
            }
        }

        public Task Count(int count)
        {
            lock (_gate)
            {
                var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                _waiting.Add((count, done));
                if (_digits.Count >= count)
                {
                    done.TrySetResult();
                }

                return done.Task;
            }
        }
    }
}

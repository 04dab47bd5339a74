namespace ContactCentre.Media.Tests.Sessions;

/// <summary>
/// The playout buffer fed packet sequences in virtual time: each step is one 20 ms frame, in which some
/// packets arrive and then the consumer reads one frame. Frame n carries the constant value 1000 + n·100
/// (µ-law keeps these values within a step), so what is played says which packet it came from.
/// </summary>
[Trait("Category", "Unit")]
public sealed class JitterBufferTests
{
    private const int Samples = 160;
    private const uint Ssrc = 0xABCD;
    private const uint FirstTimestamp = 90_000;

    private readonly JitterBuffer _buffer = new(TimeSpan.FromMilliseconds(60));
    private readonly List<(PlayoutFrame Kind, short Level)> _played = [];

    [Fact]
    public void In_order_packets_play_in_order_after_the_fixed_delay()
    {
        Run(Enumerable.Range(0, 6).Select(n => new[] { n }).ToArray());

        // 60 ms of delay: three frames of silence before frame 0.
        Assert.Equal(Expected("S S S 0 1 2"), _played);
    }

    [Fact]
    public void Reordered_packets_play_in_sequence_order()
    {
        Run([[0], [2], [1], [3], [5], [4], [], [], []]);

        Assert.Equal(Expected("S S S 0 1 2 3 4 5"), _played);
    }

    [Fact]
    public void Duplicates_are_dropped_and_late_packets_are_not_played()
    {
        // Frame 1 arrives after its playout time (step 5, played at step 4) and is concealed instead.
        Run([[0], [0], [2], [3], [0, 4], [1], [], []]);

        Assert.Equal(Expected("S S S 0 C0 2 3 4"), _played);
        Assert.Equal(1, _buffer.DuplicatePackets);
        Assert.Equal(2, _buffer.LatePackets);
    }

    [Fact]
    public void A_single_lost_packet_is_concealed_by_the_previous_frame_attenuated()
    {
        Run([[0], [1], [], [3], [4], [], [], []]);

        Assert.Equal(Expected("S S S 0 1 C1 3 4"), _played);
        Assert.Equal(1, _buffer.ConcealedFrames);
    }

    [Fact]
    public void A_longer_loss_is_concealed_once_then_silent()
    {
        Run([[0], [1], [], [], [], [5], [], [], []]);

        Assert.Equal(Expected("S S S 0 1 C1 S S 5"), _played);
    }

    [Fact]
    public void Comfort_noise_is_not_played_as_audio_but_as_noise_at_its_level_until_speech_resumes()
    {
        var levels = new List<double>();
        var kinds = new List<PlayoutFrame>();
        var frame = new short[Samples];
        for (var step = 0; step < 12; step++)
        {
            if (step < 2)
            {
                Push(step);
            }
            else if (step == 2)
            {
                // RFC 3389: level 40 -dBov, then nothing until speech resumes at frame 8.
                PushPacket(ComfortNoise.PayloadType, 2, [40]);
            }
            else if (step == 8)
            {
                Push(8);
            }

            kinds.Add(_buffer.Read(frame));
            levels.Add(Math.Sqrt(frame.Average(s => (double)s * s)));
        }

        Assert.Equal(
            [PlayoutFrame.Silence, PlayoutFrame.Silence, PlayoutFrame.Silence, PlayoutFrame.Audio, PlayoutFrame.Audio,
             PlayoutFrame.ComfortNoise, PlayoutFrame.ComfortNoise, PlayoutFrame.ComfortNoise, PlayoutFrame.ComfortNoise,
             PlayoutFrame.ComfortNoise, PlayoutFrame.ComfortNoise, PlayoutFrame.Audio],
            kinds);
        // -40 dBov is an RMS of 327.67; the noise frames are at that level, not the CN payload decoded as µ-law.
        Assert.All(levels.Skip(5).Take(6), rms => Assert.InRange(rms, 327.67 * 0.8, 327.67 * 1.2));
    }

    [Fact]
    public void A_new_ssrc_restarts_playout()
    {
        Run([[0], [1], [2], [3]]);
        for (var n = 0; n < 4; n++)
        {
            PushPacket((byte)AudioCodec.Pcmu, n, Frame(n), ssrc: Ssrc + 1, timestampBase: 7);
            Read();
        }

        Assert.Equal(Expected("S S S 0 S S S 0"), _played);
    }

    private static List<(PlayoutFrame, short)> Expected(string frames) =>
        frames.Split(' ').Select(f => f switch
        {
            "S" => (PlayoutFrame.Silence, (short)0),
            ['C', .. var n] => (PlayoutFrame.Concealed, (short)(Level(int.Parse(n)) / 2)),
            _ => (PlayoutFrame.Audio, Level(int.Parse(f))),
        }).ToList();

    private static short Level(int n) => G711.MuLawToLinear(G711.LinearToMuLaw((short)(1000 + (n * 100))));

    private static byte[] Frame(int n) => Enumerable.Repeat(G711.LinearToMuLaw((short)(1000 + (n * 100))), Samples).ToArray();

    private void Run(int[][] arrivals)
    {
        foreach (var step in arrivals)
        {
            foreach (int n in step)
            {
                Push(n);
            }

            Read();
        }
    }

    private void Read()
    {
        var frame = new short[Samples];
        var kind = _buffer.Read(frame);
        Assert.All(frame, s => Assert.Equal(frame[0], s));
        _played.Add((kind, frame[0]));
    }

    private void Push(int n) => PushPacket((byte)AudioCodec.Pcmu, n, Frame(n));

    private void PushPacket(byte payloadType, int n, byte[] payload, uint ssrc = Ssrc, uint timestampBase = FirstTimestamp)
    {
        var datagram = new byte[RtpPacket.FixedHeaderLength + payload.Length];
        RtpPacket.Write(datagram, payloadType, false, (ushort)(500 + n), timestampBase + (uint)(n * Samples), ssrc, payload);
        Assert.True(RtpPacket.TryParse(datagram, out var packet));
        _buffer.Push(packet);
    }
}

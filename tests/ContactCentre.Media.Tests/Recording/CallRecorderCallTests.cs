using System.Net;
using ContactCentre.Media.Tests.Support;
using static ContactCentre.Media.Tests.Support.RtpPeers;

namespace ContactCentre.Media.Tests.Recording;

/// <summary>
/// A real bridged call on 127.0.0.1 recorded: caller C (1000 Hz) on leg A, agent D (600 Hz) on leg B.
/// The recording is judged frame by frame (160 samples: both tones on exact Goertzel bins), counting only
/// frames that carry audio, since a stalled receive loop on a loaded machine rightly records silence.
/// </summary>
[Trait("Category", "Integration")]
[Collection(SocketCollection.Name)]
public sealed class CallRecorderCallTests : IDisposable
{
    private const int Frame = 160;
    private const double Caller = 1000;
    private const double Agent = 600;
    private const double Audible = 0.01;
    private static readonly TimeSpan Patience = RawRtpPeer.Patience;

    private readonly string _path = Path.Combine(Path.GetTempPath(), $"call-{Guid.NewGuid():N}.wav");
    private readonly int _sessionsBefore = RtpSession.OpenSessionCount;
    private readonly int _clockedBefore = MediaClock.Shared.SessionCount;
    private readonly RtpSession _c = RtpSession.Open(IPAddress.Loopback);
    private readonly RtpSession _a = RtpSession.Open(IPAddress.Loopback);
    private readonly RtpSession _b = RtpSession.Open(IPAddress.Loopback);
    private readonly RtpSession _d = RtpSession.Open(IPAddress.Loopback);
    private readonly MediaBridge _bridge;

    public CallRecorderCallTests()
    {
        Pair(_c, _a);
        Pair(_b, _d);
        _bridge = MediaBridge.Connect(_a, _b);
        _c.Play(new ToneSource(Caller));
        _d.Play(new ToneSource(Agent));
    }

    public void Dispose()
    {
        HangUp();
        File.Delete(_path);
    }

    [Fact]
    public async Task The_caller_is_recorded_on_the_left_and_the_agent_on_the_right()
    {
        var recorder = CallRecorder.Start(_path, _a, _b);
        await Task.WhenAll(Tone(_a, Caller, 20), Tone(_b, Agent, 20)).WaitAsync(Patience);
        recorder.Dispose();

        var wav = CallRecorderWav.Read(_path);
        Assert.Equal(wav.FileLength - 44, wav.DataSize);
        AssertCarries(wav.Left, Caller, Agent);
        AssertCarries(wav.Right, Agent, Caller);
    }

    [Fact]
    public async Task A_masked_span_has_no_tone_while_the_agent_still_hears_the_caller()
    {
        using var recorder = CallRecorder.Start(_path, _a, _b);
        await Tone(_a, Caller, 10).WaitAsync(Patience);

        recorder.Mask();
        long maskedFrom = recorder.FramesWritten + Frame; // a tick may be writing as the mask goes on
        await Task.WhenAll(Tone(_d, Caller, 15), Tone(_a, Caller, 15)).WaitAsync(Patience);
        long maskedTo = recorder.FramesWritten;
        recorder.Unmask();
        await Tone(_a, Caller, 10).WaitAsync(Patience);
        recorder.Dispose();

        var wav = CallRecorderWav.Read(_path);
        short[] left = wav.Left[(int)maskedFrom..(int)maskedTo];
        short[] right = wav.Right[(int)maskedFrom..(int)maskedTo];
        Assert.True(left.Length >= 10 * Frame, $"the masked span is {left.Length} samples");
        Assert.All(left.Concat(right), s => Assert.InRange(s, -64, 64));
        foreach (short[] frame in left.Chunk(Frame).Concat(right.Chunk(Frame)))
        {
            Assert.True(Goertzel.Power(frame, Caller) < Audible / 1000 && Goertzel.Power(frame, Agent) < Audible / 1000, "a tone survives the mask");
        }

        AssertCarries(wav.Left[..(int)maskedFrom], Caller, Agent);
        AssertCarries(wav.Left[(int)maskedTo..], Caller, Agent);
    }

    [Fact]
    public async Task Pausing_with_skip_writes_nothing_for_the_paused_time()
    {
        using var recorder = CallRecorder.Start(_path, _a, _b, CallRecorderPausePolicy.SkipPausedTime);
        await Tone(_a, Caller, 10).WaitAsync(Patience);

        recorder.Pause();
        long atPause = recorder.FramesWritten;
        await Tone(_a, Caller, 15).WaitAsync(Patience);
        long atResume = recorder.FramesWritten;
        recorder.Resume();
        await Tone(_a, Caller, 10).WaitAsync(Patience);
        recorder.Dispose();

        Assert.InRange(atResume - atPause, 0, Frame); // a tick may be writing as the pause goes on
        var wav = CallRecorderWav.Read(_path);
        Assert.Equal(recorder.FramesWritten, wav.Left.Length);
        AssertCarries(wav.Left[(int)atResume..], Caller, Agent);
    }

    [Fact]
    public async Task Pausing_with_silence_records_the_paused_time_as_silence()
    {
        using var recorder = CallRecorder.Start(_path, _a, _b, CallRecorderPausePolicy.FillWithSilence);
        await Tone(_a, Caller, 10).WaitAsync(Patience);

        recorder.Pause();
        long pausedFrom = recorder.FramesWritten + Frame;
        await Tone(_a, Caller, 15).WaitAsync(Patience);
        long pausedTo = recorder.FramesWritten;
        recorder.Resume();
        await Tone(_a, Caller, 10).WaitAsync(Patience);
        recorder.Dispose();

        var wav = CallRecorderWav.Read(_path);
        Assert.True(pausedTo - pausedFrom >= 10 * Frame, $"the paused span is {pausedTo - pausedFrom} samples");
        Assert.All(wav.Left[(int)pausedFrom..(int)pausedTo], s => Assert.Equal(0, s));
        Assert.All(wav.Right[(int)pausedFrom..(int)pausedTo], s => Assert.Equal(0, s));
        AssertCarries(wav.Left[(int)pausedTo..], Caller, Agent);
    }

    [Fact]
    public async Task When_the_call_ends_sockets_clock_registrations_and_the_file_are_released()
    {
        var recorder = CallRecorder.Start(_path, _a, _b);
        Assert.Equal(_clockedBefore + 5, MediaClock.Shared.SessionCount);
        await Tone(_a, Caller, 5).WaitAsync(Patience);

        HangUp();
        await recorder.Closed.WaitAsync(Patience);

        Assert.False(recorder.IsRecording);
        Assert.Equal(_sessionsBefore, RtpSession.OpenSessionCount);
        Assert.Equal(_clockedBefore, MediaClock.Shared.SessionCount);
        using var exclusive = new FileStream(_path, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
        Assert.Equal(44 + (4 * recorder.FramesWritten), exclusive.Length);
    }

    /// <summary>Both parties hang up: every session ends; the bridge and recorder are left to notice.</summary>
    private void HangUp()
    {
        foreach (var session in new[] { _c, _a, _b, _d })
        {
            session.Dispose();
        }
    }

    /// <summary>Completes once <paramref name="session"/> has received <paramref name="frames"/> frames carrying <paramref name="tone"/>.</summary>
    private static Task Tone(RtpSession session, double tone, int frames)
    {
        var heard = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var count = 0;
        AudioFrameHandler? handler = null;
        handler = pcm =>
        {
            if (Goertzel.Power(pcm, tone) > Audible && Interlocked.Increment(ref count) == frames)
            {
                session.AudioReceived -= handler;
                heard.TrySetResult();
            }
        };
        session.AudioReceived += handler;
        return heard.Task;
    }

    /// <summary>The recorded channel has frames carrying <paramref name="tone"/>, and none carrying <paramref name="other"/>.</summary>
    private static void AssertCarries(short[] channel, double tone, double other)
    {
        var frames = channel.Chunk(Frame).Where(f => f.Length == Frame).ToArray();
        int carrying = frames.Count(f => Goertzel.Power(f, tone) > Audible);
        Assert.True(carrying >= 3, $"{tone} Hz is in {carrying} of {frames.Length} recorded frames");
        Assert.All(frames, f => Assert.True(Goertzel.Power(f, other) < Audible / 100, $"{other} Hz leaks into the {tone} Hz channel"));
    }
}

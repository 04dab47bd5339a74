namespace ContactCentre.Media.Tests.Recording;

/// <summary>The recorder driven tick by tick in virtual time, fed frames by hand-made legs.</summary>
[Trait("Category", "Unit")]
public sealed class CallRecorderTests : IDisposable
{
    private const int Frame = 160;
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"call-recorder-{Guid.NewGuid():N}.wav");
    private readonly ScriptedLeg _caller = new(1000);
    private readonly ScriptedLeg _agent = new(600);

    public void Dispose() => File.Delete(_path);

    [Fact]
    public void The_caller_is_recorded_left_and_the_agent_right_with_the_sizes_patched_on_close()
    {
        var recorder = Recorder();
        Run(recorder, 25);
        recorder.Dispose();

        var wav = CallRecorderWav.Read(_path);
        Assert.Equal((2, 8000, 16), (wav.Channels, wav.SampleRate, wav.BitsPerSample));
        Assert.Equal(25u * Frame * 4, wav.DataSize);
        Assert.Equal(wav.DataSize + 36, wav.RiffSize);
        Assert.Equal(44 + wav.DataSize, wav.FileLength);
        Assert.Equal(1000, Goertzel.DominantFrequency(wav.Left, [600, 1000]));
        Assert.Equal(600, Goertzel.DominantFrequency(wav.Right, [600, 1000]));
        Assert.True(recorder.Closed.IsCompleted);
    }

    [Fact]
    public void A_frame_that_did_not_arrive_is_silence_so_the_channels_stay_aligned()
    {
        using var recorder = Recorder();
        Run(recorder, 1);
        _caller.Speak();
        Tick(recorder, agentSpeaks: false);
        Run(recorder, 1);
        recorder.Dispose();

        var wav = CallRecorderWav.Read(_path);
        Assert.Equal(3 * Frame, wav.Right.Length);
        Assert.All(wav.Right[Frame..(2 * Frame)], s => Assert.Equal(0, s));
        Assert.Equal(_agent.Spoken, wav.Right[..Frame].Concat(wav.Right[(2 * Frame)..]).ToArray());
        Assert.Equal(_caller.Spoken, wav.Left);
    }

    [Fact]
    public void Pausing_with_silence_keeps_the_length_and_the_paused_span_is_silent()
    {
        var recorder = Recorder(CallRecorderPausePolicy.FillWithSilence);
        Run(recorder, 10);
        recorder.Pause();
        Run(recorder, 10);
        recorder.Resume();
        Run(recorder, 10);
        recorder.Dispose();

        var wav = CallRecorderWav.Read(_path);
        Assert.Equal(30 * Frame, wav.Left.Length);
        Assert.All(wav.Left[(10 * Frame)..(20 * Frame)], s => Assert.Equal(0, s));
        Assert.All(wav.Right[(10 * Frame)..(20 * Frame)], s => Assert.Equal(0, s));
        Assert.Equal(1000, Goertzel.DominantFrequency(wav.Left[(20 * Frame)..], [600, 1000]));
    }

    [Fact]
    public void Pausing_with_skip_leaves_the_paused_time_out()
    {
        var recorder = Recorder(CallRecorderPausePolicy.SkipPausedTime);
        Run(recorder, 10);
        recorder.Pause();
        Run(recorder, 10);
        recorder.Resume();
        Run(recorder, 10);
        recorder.Dispose();

        var wav = CallRecorderWav.Read(_path);
        Assert.Equal(20 * Frame, wav.Left.Length);
        Assert.Equal(_caller.Spoken[..(10 * Frame)].Concat(_caller.Spoken[(20 * Frame)..]).ToArray(), wav.Left);
    }

    [Fact]
    public void A_masked_span_holds_low_noise_with_no_trace_of_the_dtmf_or_the_tones()
    {
        var caller = new ScriptedLeg(697, 1209); // DTMF '1' (ITU-T Q.23)
        var recorder = new CallRecorder(_path, caller, _agent, CallRecorderPausePolicy.FillWithSilence, clock: null, Frame);
        Run(recorder, 10, caller);
        recorder.Mask();
        Run(recorder, 10, caller);
        recorder.Unmask();
        Run(recorder, 10, caller);
        recorder.Dispose();

        var wav = CallRecorderWav.Read(_path);
        short[] maskedLeft = wav.Left[(10 * Frame)..(20 * Frame)];
        short[] maskedRight = wav.Right[(10 * Frame)..(20 * Frame)];
        foreach (double tone in new[] { 697.0, 1209 })
        {
            Assert.True(Goertzel.Power(maskedLeft, tone) < Goertzel.Power(wav.Left[..(10 * Frame)], tone) / 10_000, $"{tone} Hz survives the mask");
        }

        Assert.True(Goertzel.Power(maskedRight, 600) < Goertzel.Power(wav.Right[..(10 * Frame)], 600) / 10_000);

        // Not merely attenuated: scaled up, an attenuated tone would still tower over the other frequencies.
        AssertBuriedInNoise(maskedLeft, 697);
        AssertBuriedInNoise(maskedLeft, 1209);
        AssertBuriedInNoise(maskedRight, 600);
        Assert.All(maskedLeft.Concat(maskedRight), s => Assert.InRange(s, -64, 64));
        Assert.True(maskedLeft.Count(s => s != 0) > maskedLeft.Length / 2, "the mask is noise, not a gap");
        Assert.Equal(caller.Spoken[(20 * Frame)..], wav.Left[(20 * Frame)..]);
    }

    [Fact]
    public void A_recording_is_readable_up_to_its_last_flush_while_still_open()
    {
        using var recorder = Recorder();
        Run(recorder, 60);

        var wav = CallRecorderWav.Read(_path);

        Assert.Equal(50u * Frame * 4, wav.DataSize);
        Assert.Equal(_caller.Spoken[..(50 * Frame)], wav.Left);
    }

    [Fact]
    public async Task The_file_closes_once_both_legs_have_ended()
    {
        using var recorder = Recorder();
        Run(recorder, 3);
        _caller.IsDisposed = true;
        Run(recorder, 1);
        Assert.True(recorder.IsRecording, "one leg ending (a transfer, say) does not end the recording");

        _agent.IsDisposed = true;
        Tick(recorder, agentSpeaks: false);

        await recorder.Closed.WaitAsync(TimeSpan.FromSeconds(5));
        using var exclusive = new FileStream(_path, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
        Assert.Equal(44 + (4 * 4 * Frame), exclusive.Length);
    }

    private static void AssertBuriedInNoise(short[] masked, double tone)
    {
        double floor = new[] { 500.0, 850, 1100, 1500, 1800 }.Average(f => Goertzel.Power(masked, f));
        double power = Goertzel.Power(masked, tone);
        Assert.True(power < 20 * floor, $"{tone} Hz stands out of the mask: {power:E2} against a floor of {floor:E2}");
    }

    private CallRecorder Recorder(CallRecorderPausePolicy policy = CallRecorderPausePolicy.FillWithSilence) =>
        new(_path, _caller, _agent, policy, clock: null, Frame);

    private void Run(CallRecorder recorder, int ticks, ScriptedLeg? caller = null)
    {
        for (var i = 0; i < ticks; i++)
        {
            (caller ?? _caller).Speak();
            Tick(recorder);
        }
    }

    private void Tick(CallRecorder recorder, bool agentSpeaks = true)
    {
        if (agentSpeaks)
        {
            _agent.Speak();
        }

        ((IClockedSession)recorder).OnTick();
    }

    /// <summary>A leg whose far end says one frame of its tones (summed) each time it is told to.</summary>
    private sealed class ScriptedLeg(params double[] tones) : IMediaLeg
    {
        private readonly List<short> _spoken = [];
        private readonly ToneSource[] _sources = [.. tones.Select(t => new ToneSource(t, amplitude: 6000))];

        public event AudioFrameHandler? AudioReceived;

        public MediaClock Clock => throw new NotSupportedException("Driven by hand.");

        public bool IsDisposed { get; set; }

        public short[] Spoken => [.. _spoken];

        public void Speak()
        {
            var frame = new short[Frame];
            var part = new short[Frame];
            foreach (var source in _sources)
            {
                source.Read(part);
                Mix.Add(frame, part);
            }

            _spoken.AddRange(frame);
            AudioReceived?.Invoke(frame);
        }

        public void Play(IAudioSource source) => throw new NotSupportedException();

        public void StopPlayback() => throw new NotSupportedException();

        public bool TryConnect(IMediaConnection connection) => throw new NotSupportedException();

        public void Disconnect(IMediaConnection connection) => throw new NotSupportedException();

        public void SendConnected(ReadOnlySpan<short> pcm) => throw new NotSupportedException();
    }
}

using ContactCentre.Media.Tests.Support;

namespace ContactCentre.Media.Tests.Audio;

/// <summary>The recorder's decisions, fed frame by frame in virtual time (no sockets, no waiting).</summary>
[Trait("Category", "Unit")]
public sealed class MessageRecorderTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("media-recorder-").FullName;
    private readonly ManualTime _time = new();

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void The_stop_digit_ends_the_message_and_the_100ms_before_it_is_cut()
    {
        using var recorder = Start(new RecordingLimits());

        Feed(recorder, Signals.Tone(600, 8000));
        recorder.OnDigit('#');

        var message = Finished(recorder);
        Assert.Equal(RecordingEnd.StopDigit, message.Reason);
        Assert.Equal(TimeSpan.FromMilliseconds(900), message.Duration);
        short[] recorded = WavFile.ReadMono8k(message.Path);
        Assert.Equal(7200, recorded.Length);
        Assert.Equal(Signals.Tone(600, 8000)[..7200], recorded);
    }

    [Fact]
    public void A_stop_digit_tone_leaked_into_the_audio_is_cut_with_it()
    {
        using var recorder = Start(new RecordingLimits());
        short[] low = Signals.Tone(941, 2400, 6000);
        short[] high = Signals.Tone(1477, 2400, 6000);
        short[] hash = [.. low.Zip(high, (a, b) => (short)(a + b))];

        Feed(recorder, Signals.Tone(600, 8000));
        Feed(recorder, hash); // 300 ms of the # pair in-band, as a phone that does not mute would send
        recorder.OnDigit('#');

        short[] recorded = WavFile.ReadMono8k(Finished(recorder).Path);
        Assert.Equal(8000 - 160, recorded.Length);
        Assert.True(Goertzel.Power(recorded.AsSpan(^800), 1477) < 1e-6, "no trace of the # tone at the end");
        Assert.Equal(600, Goertzel.DominantFrequency(recorded.AsSpan(^800), [600, 941, 1477]));
    }

    [Fact]
    public void Other_digits_do_not_end_the_message()
    {
        using var recorder = Start(new RecordingLimits());

        Feed(recorder, Signals.Tone(600, 800));
        recorder.OnDigit('5');
        recorder.OnDigit('*');

        Assert.False(recorder.Completion.IsCompleted);
    }

    [Fact]
    public void Silence_after_speech_ends_the_message_keeping_a_little_of_it()
    {
        var limits = new RecordingLimits { SilenceTimeout = TimeSpan.FromSeconds(1), SilenceKept = TimeSpan.FromMilliseconds(200) };
        using var recorder = Start(limits);
        Feed(recorder, Signals.Tone(600, 4000));

        // Line noise at about -50 dBFS is silence; it takes exactly one second of it.
        short[] hiss = Signals.Noise(8000, 180, seed: 7);
        int fed = 0;
        while (!recorder.Completion.IsCompleted && fed < hiss.Length)
        {
            recorder.Accept(hiss.AsSpan(fed, 160));
            fed += 160;
        }

        var message = Finished(recorder);
        Assert.Equal(RecordingEnd.Silence, message.Reason);
        Assert.Equal(8000, fed);
        Assert.Equal(TimeSpan.FromMilliseconds(700), message.Duration);
    }

    [Fact]
    public void Quiet_speech_above_the_threshold_is_not_silence()
    {
        using var recorder = Start(new RecordingLimits { SilenceTimeout = TimeSpan.FromSeconds(1) });

        Feed(recorder, Signals.Tone(600, 16000, amplitude: 600)); // about -35 dBFS RMS

        Assert.False(recorder.Completion.IsCompleted);
    }

    [Fact]
    public void The_longest_length_ends_the_message_at_exactly_that_length()
    {
        using var recorder = Start(new RecordingLimits { MaxLength = TimeSpan.FromMilliseconds(1010) });

        Feed(recorder, Signals.Tone(600, 12000));

        var message = Finished(recorder);
        Assert.Equal(RecordingEnd.MaxLength, message.Reason);
        Assert.Equal(8080, WavFile.ReadMono8k(message.Path).Length);
        Assert.Equal(TimeSpan.FromMilliseconds(1010), message.Duration);
    }

    [Fact]
    public void No_audio_arriving_at_all_ends_the_message_as_silence()
    {
        using var recorder = Start(new RecordingLimits { SilenceTimeout = TimeSpan.FromSeconds(2) });
        Feed(recorder, Signals.Tone(600, 800));

        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.False(recorder.Completion.IsCompleted);
        _time.Advance(TimeSpan.FromSeconds(1));

        var message = Finished(recorder);
        Assert.Equal(RecordingEnd.Silence, message.Reason);
        Assert.Equal(TimeSpan.FromMilliseconds(100), message.Duration);
    }

    [Fact]
    public void Stopping_keeps_what_was_recorded()
    {
        var recorder = Start(new RecordingLimits());
        Feed(recorder, Signals.Tone(600, 1600));

        recorder.Stop();
        recorder.Accept(Signals.Tone(600, 160));

        var message = Finished(recorder);
        Assert.Equal(RecordingEnd.Stopped, message.Reason);
        Assert.Equal(1600, WavFile.ReadMono8k(message.Path).Length);
    }

    [Fact]
    public void A_folder_that_does_not_exist_fails_at_the_start()
    {
        Assert.Throws<DirectoryNotFoundException>(() =>
            MessageRecorder.StartDetached(Path.Combine(_folder, "missing", "message.wav"), new RecordingLimits(), _time));
    }

    private MessageRecorder Start(RecordingLimits limits) =>
        MessageRecorder.StartDetached(Path.Combine(_folder, $"{Guid.NewGuid():N}.wav"), limits, _time);

    private static void Feed(MessageRecorder recorder, short[] audio)
    {
        for (var i = 0; i < audio.Length; i += 160)
        {
            recorder.Accept(audio.AsSpan(i, Math.Min(160, audio.Length - i)));
        }
    }

    private static RecordedMessage Finished(MessageRecorder recorder)
    {
        Assert.True(recorder.Completion.IsCompletedSuccessfully, "the message has ended");
        return recorder.Completion.Result;
    }
}

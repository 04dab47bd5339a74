using System.Buffers.Binary;
using System.Net;
using ContactCentre.Media.Tests.Support;

namespace ContactCentre.Media.Tests.Audio;

/// <summary>A caller's message recorded over real RTP on 127.0.0.1: one session is the phone, the other the contact centre.</summary>
[Trait("Category", "Integration")]
[Collection(SocketCollection.Name)]
public sealed class RecordByPhoneTests : IDisposable
{
    private static readonly TimeSpan Patience = RawRtpPeer.Patience;
    private readonly string _folder = Directory.CreateTempSubdirectory("media-record-").FullName;
    private readonly RtpSession _phone = RtpSession.Open(IPAddress.Loopback);
    private readonly RtpSession _centre = RtpSession.Open(IPAddress.Loopback);

    public RecordByPhoneTests()
    {
        _phone.RemoteEndPoint = _centre.LocalEndPoint;
        _centre.RemoteEndPoint = _phone.LocalEndPoint;
    }

    public void Dispose()
    {
        _phone.Dispose();
        _centre.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task The_caller_hears_a_beep_speaks_and_presses_hash()
    {
        var beepHeard = new AudioCapture(_phone, 1600);
        string path = Path.Combine(_folder, "message.wav");
        using var recorder = MessageRecorder.Start(_centre, path);

        short[] beep = await beepHeard.Enough.WaitAsync(Patience);
        Assert.Equal(1000, Goertzel.DominantFrequency(beep, [425, 600, 1000]));

        var spoken = new ToneSource(600, duration: TimeSpan.FromSeconds(1));
        var finishedSpeaking = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _phone.PlaybackFinished += (_, source) =>
        {
            if (ReferenceEquals(source, spoken))
            {
                finishedSpeaking.TrySetResult();
            }
        };
        _phone.Play(spoken);
        await finishedSpeaking.Task.WaitAsync(Patience);
        await _phone.SendDtmfAsync('#').WaitAsync(Patience);
        var message = await recorder.Completion.WaitAsync(Patience);

        Assert.Equal(RecordingEnd.StopDigit, message.Reason);
        byte[] file = await File.ReadAllBytesAsync(path);
        Assert.Equal(file.Length - 44, BinaryPrimitives.ReadInt32LittleEndian(file.AsSpan(40)));
        Assert.Equal(file.Length - 8, BinaryPrimitives.ReadInt32LittleEndian(file.AsSpan(4)));
        Assert.True(WavFile.TryRead(file, out var audio, out string? error), error);
        Assert.Equal((WavEncoding.Pcm, 8000, 1, 16), (audio.Encoding, audio.SampleRate, audio.Channels, audio.BitsPerSample));
        Assert.Equal(message.Duration, audio.Duration);
        Assert.InRange(audio.Duration, TimeSpan.FromMilliseconds(600), TimeSpan.FromMilliseconds(900)); // at most 1 s of speech less the 100 ms cut
        Assert.Equal(600, Goertzel.DominantFrequency(audio.Samples, [425, 600, 941, 1000, 1477]));
        Assert.True(Goertzel.Power(audio.Samples, 1000) < Goertzel.Power(audio.Samples, 600) / 1000, "the beep is not in the message");
    }

    [Fact]
    public async Task The_caller_speaks_then_falls_silent()
    {
        var limits = new RecordingLimits { Beep = null, SilenceTimeout = TimeSpan.FromSeconds(1), SilenceKept = TimeSpan.FromMilliseconds(200) };
        using var recorder = MessageRecorder.Start(_centre, Path.Combine(_folder, "silent.wav"), limits);

        // Silence is sent as audio packets of zeros, as a phone without silence suppression does.
        _phone.Play(new SequenceSource([new ToneSource(600, duration: TimeSpan.FromMilliseconds(600)), new SilenceSource(TimeSpan.FromSeconds(2))]));
        var message = await recorder.Completion.WaitAsync(Patience);

        Assert.Equal(RecordingEnd.Silence, message.Reason);
        short[] recorded = WavFile.ReadMono8k(message.Path);
        Assert.InRange(recorded.Length, 4000, 6400); // the tone (less any frames sent before the recorder listened) and 200 ms kept
        Assert.Equal(600, Goertzel.DominantFrequency(recorded, [425, 600, 1000]));
        Assert.All(recorded[^1200..], s => Assert.Equal(0, s));
    }

    [Fact]
    public async Task A_long_message_is_cut_at_the_longest_length()
    {
        var limits = new RecordingLimits { Beep = null, MaxLength = TimeSpan.FromMilliseconds(500) };
        using var recorder = MessageRecorder.Start(_centre, Path.Combine(_folder, "long.wav"), limits);

        _phone.Play(new ToneSource(600));
        var message = await recorder.Completion.WaitAsync(Patience);

        Assert.Equal(RecordingEnd.MaxLength, message.Reason);
        Assert.Equal(4000, WavFile.ReadMono8k(message.Path).Length);
    }
}

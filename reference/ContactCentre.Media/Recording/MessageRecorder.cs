namespace ContactCentre.Media;

/// <summary>
/// Records a caller's message ("record by phone"): plays a beep on the session, then writes the decoded
/// 8 kHz audio it receives to a WAV file as it arrives (nothing kept in memory but one encode buffer) until
/// the caller presses the stop digit, stays silent for the silence timeout, or reaches the longest length.
/// The stop digit is not in the recording: it arrives out of band (RFC 4733) and the audio just before it,
/// where a key press can leak in-band, is cut (<see cref="RecordingLimits.TrimBeforeDigit"/>).
/// </summary>
/// <remarks>
/// Audio and digits arrive on the session's receive loop, so the file is written there (buffered; the OS
/// absorbs it). Length and silence are counted in received samples, so they follow the caller's audio, not
/// the machine's clock; a wall-clock watchdog also ends the message when no audio arrives at all for the
/// silence timeout (a phone that stops sending during silence, or a call whose media is gone).
/// </remarks>
public sealed class MessageRecorder : IDisposable
{
    private const int SampleRate = 8000;
    private const int FrameSamples = 160;
    private static readonly TimeSpan BeepPatience = TimeSpan.FromSeconds(3);

    private readonly Lock _gate = new();
    private readonly string _path;
    private readonly RecordingLimits _limits;
    private readonly TimeProvider _time;
    private readonly WavWriter _writer;
    private readonly TaskCompletionSource<RecordedMessage> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly long _maxSamples;
    private readonly long _silenceSamples;
    private readonly double _silenceMeanSquare;
    private readonly (double Low, double High)? _stopTone;
    private readonly long _startedAt;
    private RtpSession? _session;
    private IAudioSource? _beep;
    private ITimer? _watchdog;
    private bool _recording;
    private bool _ended;
    private long _lastAudioAt;
    private long _speechEnd;
    private long _silentRun;
    private long? _stopToneStart;

    private MessageRecorder(string path, RecordingLimits limits, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(limits.MaxLength, TimeSpan.Zero, nameof(limits));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(limits.SilenceTimeout, TimeSpan.Zero, nameof(limits));
        _path = path;
        _limits = limits;
        _time = time;
        _maxSamples = Samples(limits.MaxLength);
        _silenceSamples = Samples(limits.SilenceTimeout);
        double rms = 32768 * Math.Pow(10, limits.SilenceThresholdDbfs / 20);
        _silenceMeanSquare = rms * rms;
        _stopTone = InBandDigitTone.FrequenciesOf(limits.StopDigit);
        _startedAt = time.GetTimestamp();
        _writer = WavWriter.Create(path);
    }

    /// <summary>Completes when the message has ended and its file is closed; faults if the file could not be written.</summary>
    public Task<RecordedMessage> Completion => _completion.Task;

    public string Path => _path;

    /// <summary>
    /// Starts recording what <paramref name="session"/> receives into <paramref name="path"/> (created or
    /// overwritten now, so a bad path fails here). The beep replaces whatever the session was playing.
    /// </summary>
    public static MessageRecorder Start(RtpSession session, string path, RecordingLimits? limits = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(path);
        var recorder = new MessageRecorder(path, limits ?? new RecordingLimits(), time ?? TimeProvider.System);
        try
        {
            recorder.Attach(session);
        }
        catch
        {
            recorder.Stop(); // e.g. the session closed meanwhile: release the file and the handlers
            throw;
        }

        return recorder;
    }

    /// <summary>A recorder fed by hand (<see cref="Accept"/>, <see cref="OnDigit"/>), already past its beep: for tests.</summary>
    internal static MessageRecorder StartDetached(string path, RecordingLimits limits, TimeProvider time)
    {
        var recorder = new MessageRecorder(path, limits, time);
        recorder.BeginRecording();
        return recorder;
    }

    /// <summary>Ends the message now (e.g. the caller hung up), keeping what was recorded.</summary>
    public void Stop()
    {
        lock (_gate)
        {
            End(RecordingEnd.Stopped);
        }
    }

    public void Dispose() => Stop();

    /// <summary>One frame of received audio; what arrives before the beep has finished is not recorded.</summary>
    internal void Accept(ReadOnlySpan<short> pcm)
    {
        lock (_gate)
        {
            if (!_recording || _ended || pcm.IsEmpty)
            {
                return;
            }

            _lastAudioAt = _time.GetTimestamp();
            long room = _maxSamples - _writer.SampleCount;
            var kept = pcm[..(int)Math.Min(pcm.Length, room)];
            try
            {
                Track(kept);
                _writer.Write(kept);
            }
            catch (IOException ex)
            {
                Fail(ex);
                return;
            }

            if (_writer.SampleCount >= _maxSamples)
            {
                End(RecordingEnd.MaxLength);
            }
            else if (_silentRun >= _silenceSamples)
            {
                End(RecordingEnd.Silence);
            }
        }
    }

    internal void OnDigit(char digit)
    {
        if (char.ToUpperInvariant(digit) != char.ToUpperInvariant(_limits.StopDigit))
        {
            return; // other keys are out of band: they never reached the audio, and mean nothing here
        }

        lock (_gate)
        {
            End(RecordingEnd.StopDigit);
        }
    }

    private static long Samples(TimeSpan length) => (long)Math.Round(length.TotalSeconds * SampleRate);

    private void Attach(RtpSession session)
    {
        _session = session;
        session.AudioReceived += Accept;
        session.DtmfReceived += OnSessionDigit;
        if (_limits.Beep?.Invoke() is { } beep)
        {
            // Recording begins on the clock tick that finds the beep finished, not when PlaybackFinished reaches
            // the thread pool: under load that event can come late enough to lose the start of the message.
            _beep = new SourceEnding(beep, BeginRecording);
            session.PlaybackFinished += OnPlaybackFinished;
            session.Play(_beep);
            // Should the beep be replaced before it ends, recording still starts (checked by the watchdog).
            _watchdog = _time.CreateTimer(_ => OnWatchdog(), null, WatchdogPeriod, WatchdogPeriod);
        }
        else
        {
            BeginRecording();
        }
    }

    private TimeSpan WatchdogPeriod => TimeSpan.FromTicks(Math.Min(TimeSpan.FromMilliseconds(250).Ticks, _limits.SilenceTimeout.Ticks / 4));

    private void OnSessionDigit(RtpSession session, char digit) => OnDigit(digit);

    private void OnPlaybackFinished(RtpSession session, IAudioSource source)
    {
        if (ReferenceEquals(source, _beep))
        {
            BeginRecording();
        }
    }

    private void BeginRecording()
    {
        lock (_gate)
        {
            if (_recording || _ended)
            {
                return;
            }

            _recording = true;
            _lastAudioAt = _time.GetTimestamp();
            _watchdog ??= _time.CreateTimer(_ => OnWatchdog(), null, WatchdogPeriod, WatchdogPeriod);
        }
    }

    private void OnWatchdog()
    {
        bool begin;
        lock (_gate)
        {
            if (_ended)
            {
                return;
            }

            begin = !_recording && _time.GetElapsedTime(_startedAt) >= BeepPatience;
            if (_recording && _time.GetElapsedTime(_lastAudioAt) >= _limits.SilenceTimeout)
            {
                End(RecordingEnd.Silence);
                return;
            }
        }

        if (begin)
        {
            BeginRecording();
        }
    }

    /// <summary>Follows where speech last ended and whether the tail is the stop digit's tone; called before the frame is written.</summary>
    private void Track(ReadOnlySpan<short> pcm)
    {
        for (var offset = 0; offset < pcm.Length; offset += FrameSamples)
        {
            var frame = pcm.Slice(offset, Math.Min(FrameSamples, pcm.Length - offset));
            long frameStart = _writer.SampleCount + offset;
            double sumOfSquares = 0;
            foreach (short sample in frame)
            {
                sumOfSquares += (double)sample * sample;
            }

            if (sumOfSquares / frame.Length < _silenceMeanSquare)
            {
                _silentRun += frame.Length;
            }
            else
            {
                _silentRun = 0;
                _speechEnd = frameStart + frame.Length;
            }

            bool tone = _stopTone is { } stop && InBandDigitTone.IsPresent(frame, stop);
            _stopToneStart = tone ? _stopToneStart ?? frameStart : null;
        }
    }

    /// <summary>Cuts the tail the reason calls for, closes the file and reports; caller holds the lock.</summary>
    private void End(RecordingEnd reason)
    {
        if (_ended)
        {
            return;
        }

        _ended = true;
        Detach();
        try
        {
            switch (reason)
            {
                case RecordingEnd.StopDigit:
                    long cut = _writer.SampleCount - Samples(_limits.TrimBeforeDigit);
                    if (_stopToneStart is { } toneStart)
                    {
                        // The key's own tone is in the audio: cut from the frame before it began.
                        cut = Math.Min(cut, toneStart - FrameSamples);
                    }

                    _writer.TrimTo(Math.Max(0, cut));
                    break;
                case RecordingEnd.Silence:
                    _writer.TrimTo(_speechEnd + Samples(_limits.SilenceKept));
                    break;
            }

            _writer.Dispose();
            _completion.TrySetResult(new RecordedMessage(_path, reason, _writer.Duration));
        }
        catch (IOException ex)
        {
            Fail(ex);
        }
    }

    private void Fail(IOException error)
    {
        _ended = true;
        Detach();
        try
        {
            _writer.Dispose();
        }
        catch (IOException)
        {
            // The write already failed; the first error is the one reported.
        }

        _completion.TrySetException(new IOException($"Recording the caller's message to {_path} failed: {error.Message}", error));
    }

    private void Detach()
    {
        _watchdog?.Dispose();
        if (_session is { } session)
        {
            session.AudioReceived -= Accept;
            session.DtmfReceived -= OnSessionDigit;
            session.PlaybackFinished -= OnPlaybackFinished;
        }
    }

    /// <summary>Plays a source and reports, on the clock thread, the first read that finds it finished.</summary>
    private sealed class SourceEnding(IAudioSource inner, Action ended) : IAudioSource
    {
        private int _ended;

        public int Read(Span<short> frame)
        {
            int count = inner.Read(frame);
            if (count == 0 && Interlocked.Exchange(ref _ended, 1) == 0)
            {
                ended();
            }

            return count;
        }
    }
}

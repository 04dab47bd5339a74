using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace ContactCentre.Media;

/// <summary>
/// Records a call to a stereo WAV file (8 kHz, 16-bit PCM; the caller left, the agent right) as it goes.
/// It listens to what each leg receives, without taking the legs from their bridge, and writes one frame
/// per media clock tick, silence for a leg whose audio did not arrive, so the channels stay aligned.
/// Only a few frames per leg and the file's write buffer are held in memory; the file is flushed about
/// once a second with its sizes patched, and closed when the recorder is disposed or both legs have ended.
/// <para>
/// Masking (e.g. while a card number is given) replaces both channels with low-level white noise generated
/// here, independent of the call's audio, so neither speech nor DTMF can be recovered from the masked span;
/// the live call is not touched.
/// </para>
/// </summary>
public sealed class CallRecorder : IClockedSession, IDisposable
{
    // The mask noise: uniform in ±MaskAmplitude, about -54 dBFS, audibly "something is hidden here".
    private const int MaskAmplitude = 64;
    private const int TicksPerFlush = 50;

    private readonly Lock _fileGate = new();
    private readonly MediaClock? _clock;
    private readonly int _samplesPerFrame;
    private readonly LegFrameBuffer _fromCaller;
    private readonly LegFrameBuffer _fromAgent;
    private readonly AudioFrameHandler _callerSpoke;
    private readonly AudioFrameHandler _agentSpoke;
    private readonly CallRecorderFile _file;
    private readonly short[] _left;
    private readonly short[] _right;
    private readonly byte[] _scratch;
    private readonly TaskCompletionSource _closedFile = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile bool _paused;
    private volatile bool _masked;
    private uint _noise = 0x9E3779B9;
    private int _ticksSinceFlush;
    private int _closed;

    internal CallRecorder(string path, IMediaLeg caller, IMediaLeg agent, CallRecorderPausePolicy pausePolicy, MediaClock? clock, int samplesPerFrame)
    {
        Path = path;
        Caller = caller;
        Agent = agent;
        PausePolicy = pausePolicy;
        _clock = clock;
        _samplesPerFrame = samplesPerFrame;
        _fromCaller = new LegFrameBuffer(samplesPerFrame);
        _fromAgent = new LegFrameBuffer(samplesPerFrame);
        _callerSpoke = _fromCaller.Write;
        _agentSpoke = _fromAgent.Write;
        _left = new short[samplesPerFrame];
        _right = new short[samplesPerFrame];
        _scratch = new byte[samplesPerFrame * 4];
        _file = new CallRecorderFile(path);
        caller.AudioReceived += _callerSpoke;
        agent.AudioReceived += _agentSpoke;
        clock?.Register(this);
    }

    public string Path { get; }

    public IMediaLeg Caller { get; }

    public IMediaLeg Agent { get; }

    public CallRecorderPausePolicy PausePolicy { get; }

    public bool IsPaused => _paused;

    public bool IsMasked => _masked;

    /// <summary>False once the file is closed.</summary>
    public bool IsRecording => Volatile.Read(ref _closed) == 0;

    /// <summary>Completes once the file is closed (disposed, both legs ended, or a write failed), e.g. to upload it.</summary>
    public Task Closed => _closedFile.Task;

    /// <summary>Sample pairs (one caller and one agent sample) written so far.</summary>
    public long FramesWritten
    {
        get
        {
            lock (_fileGate)
            {
                return _file.Frames;
            }
        }
    }

    /// <summary>
    /// Starts recording to <paramref name="path"/> (created or replaced), ticking on the caller's clock.
    /// </summary>
    public static CallRecorder Start(string path, IMediaLeg caller, IMediaLeg agent, CallRecorderPausePolicy pausePolicy = CallRecorderPausePolicy.FillWithSilence)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(agent);
        return new CallRecorder(path, caller, agent, pausePolicy, caller.Clock, caller.Clock.SamplesPerFrame);
    }

    /// <summary>From the next tick, what the policy says is recorded instead of the call.</summary>
    public void Pause() => _paused = true;

    public void Resume() => _paused = false;

    /// <summary>From the next tick, noise is recorded instead of the call, which goes on unchanged.</summary>
    public void Mask() => _masked = true;

    public void Unmask() => _masked = false;

    /// <summary>Stops recording and closes the file with its sizes patched.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _closed, 1) != 0)
        {
            return;
        }

        _clock?.Unregister(this);
        Caller.AudioReceived -= _callerSpoke;
        Agent.AudioReceived -= _agentSpoke;
        lock (_fileGate)
        {
            try
            {
                _file.Dispose();
            }
            catch (IOException ex)
            {
                Trace.TraceError($"Call recorder {Path}: closing failed: {ex.Message}");
            }
        }

        _closedFile.TrySetResult();
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    void IClockedSession.OnTick()
    {
        if (!IsRecording)
        {
            return;
        }

        if (Caller.IsDisposed && Agent.IsDisposed)
        {
            Dispose();
            return;
        }

        // Both buffers are drained every tick, paused or not, so the channels stay aligned.
        _fromCaller.Read(_left);
        _fromAgent.Read(_right);
        if (_paused)
        {
            if (PausePolicy == CallRecorderPausePolicy.SkipPausedTime)
            {
                return;
            }

            _left.AsSpan().Clear();
            _right.AsSpan().Clear();
        }
        else if (_masked)
        {
            FillWithNoise(_left);
            FillWithNoise(_right);
        }

        bool failed = false;
        lock (_fileGate)
        {
            if (!IsRecording)
            {
                return;
            }

            try
            {
                _file.Append(_left, _right, _scratch);
                if (++_ticksSinceFlush >= TicksPerFlush)
                {
                    _ticksSinceFlush = 0;
                    _file.Flush();
                }
            }
            catch (IOException ex)
            {
                // A full disk loses the recording, never the call's audio on this clock.
                Trace.TraceError($"Call recorder {Path}: writing failed, recording stopped: {ex.Message}");
                failed = true;
            }
        }

        if (failed)
        {
            Dispose();
        }
    }

    private void FillWithNoise(Span<short> frame)
    {
        // xorshift32 (Marsaglia 2003): cheap, allocation-free, and nothing to do with the call's audio.
        uint state = _noise;
        for (var i = 0; i < frame.Length; i++)
        {
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            frame[i] = (short)((int)(state % ((2 * MaskAmplitude) + 1)) - MaskAmplitude);
        }

        _noise = state;
    }
}

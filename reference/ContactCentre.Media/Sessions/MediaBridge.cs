using System.Runtime.CompilerServices;

namespace ContactCentre.Media;

/// <summary>
/// Two-way audio between two legs, e.g. the caller's leg and the agent's leg. Each frame received on one
/// side is sent at once from the other side, with that side's own SSRC, sequence and timestamp: as it came
/// when both sides use the same codec (RTP legs), re-encoded in the other side's codec otherwise (so PCMU
/// and PCMA legs transcode). DTMF is not forwarded: the contact
/// centre consumes it. A prompt played on one side while bridged takes precedence over the forwarded audio
/// until it ends.
/// <para>
/// Hold: the held party hears the music it is given and nothing else; the other party hears silence.
/// Mute: the other party hears silence in place of the muted party, who still hears everything.
/// Silence is sent as zero frames, one for each frame the held or muted party sends, so the other leg's
/// RTP timestamps keep running with real time and no talkspurt boundary is invented.
/// </para>
/// </summary>
public sealed class MediaBridge : IMediaConnection, IDisposable
{
    private const int MaxFrame = 1024;

    private readonly AudioFrameHandler _fromFirst;
    private readonly AudioFrameHandler _fromSecond;
    private readonly EncodedFrameHandler? _encodedFromFirst;
    private readonly EncodedFrameHandler? _encodedFromSecond;
    private volatile bool _firstHeld;
    private volatile bool _secondHeld;
    private volatile bool _firstMuted;
    private volatile bool _secondMuted;
    private int _unbridged;

    private MediaBridge(IMediaLeg first, IMediaLeg second)
    {
        First = first;
        Second = second;
        _fromFirst = pcm => Forward(pcm, _firstHeld || _firstMuted, Second, _secondHeld);
        _fromSecond = pcm => Forward(pcm, _secondHeld || _secondMuted, First, _firstHeld);
        if (first is IEncodedMediaLeg encodedFirst && second is IEncodedMediaLeg encodedSecond)
        {
            _encodedFromFirst = (codec, payload) => Forward(codec, payload, encodedFirst, _firstHeld || _firstMuted, encodedSecond, _secondHeld);
            _encodedFromSecond = (codec, payload) => Forward(codec, payload, encodedSecond, _secondHeld || _secondMuted, encodedFirst, _firstHeld);
        }
    }

    public IMediaLeg First { get; }

    public IMediaLeg Second { get; }

    /// <summary>False once unbridged (explicitly, by disposal, or because a leg ended).</summary>
    public bool IsBridged => Volatile.Read(ref _unbridged) == 0;

    /// <summary>Stops playback on both legs and connects them.</summary>
    /// <exception cref="InvalidOperationException">Either leg is already in a bridge or mixer.</exception>
    public static MediaBridge Connect(IMediaLeg a, IMediaLeg b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (ReferenceEquals(a, b))
        {
            throw new ArgumentException("A session cannot be bridged to itself.", nameof(b));
        }

        var bridge = new MediaBridge(a, b);
        if (!a.TryConnect(bridge))
        {
            throw new InvalidOperationException("A session can be in only one bridge at a time.");
        }

        if (!b.TryConnect(bridge))
        {
            a.Disconnect(bridge);
            throw new InvalidOperationException("A session can be in only one bridge at a time.");
        }

        a.StopPlayback();
        b.StopPlayback();
        bridge.Subscribe(a, b);
        return bridge;
    }

    public bool IsOnHold(IMediaLeg leg) => IsFirst(leg) ? _firstHeld : _secondHeld;

    public bool IsMuted(IMediaLeg leg) => IsFirst(leg) ? _firstMuted : _secondMuted;

    /// <summary>Puts <paramref name="leg"/> on hold: it hears <paramref name="music"/>, the other party hears silence.</summary>
    public void Hold(IMediaLeg leg, IAudioSource music)
    {
        ArgumentNullException.ThrowIfNull(music);
        SetHeld(leg, true);
        leg.Play(music);
    }

    /// <summary>Takes <paramref name="leg"/> off hold: its music stops and the two parties hear each other again.</summary>
    public void Resume(IMediaLeg leg)
    {
        SetHeld(leg, false);
        leg.StopPlayback();
    }

    /// <summary>No audio of <paramref name="leg"/> reaches the other party; <paramref name="leg"/> still hears it.</summary>
    public void Mute(IMediaLeg leg) => SetMuted(leg, true);

    public void Unmute(IMediaLeg leg) => SetMuted(leg, false);

    /// <summary>
    /// Stops forwarding; both legs keep running, fall quiet, and can play prompts or be bridged again
    /// (with a new <see cref="Connect"/>). Hold music stops.
    /// </summary>
    public void Unbridge()
    {
        if (Interlocked.Exchange(ref _unbridged, 1) != 0)
        {
            return;
        }

        EndKernelRoutes();

        if (_encodedFromFirst is not null && _encodedFromSecond is not null)
        {
            ((IEncodedMediaLeg)First).EncodedAudioReceived -= _encodedFromFirst;
            ((IEncodedMediaLeg)Second).EncodedAudioReceived -= _encodedFromSecond;
        }
        else
        {
            First.AudioReceived -= _fromFirst;
            Second.AudioReceived -= _fromSecond;
        }

        First.Disconnect(this);
        Second.Disconnect(this);
        First.StopPlayback();
        Second.StopPlayback();
    }

    public void Dispose() => Unbridge();

    void IMediaConnection.LegEnded(IMediaLeg leg) => Unbridge();

    private void Subscribe(IMediaLeg a, IMediaLeg b)
    {
        if (_encodedFromFirst is not null && _encodedFromSecond is not null)
        {
            ((IEncodedMediaLeg)a).EncodedAudioReceived += _encodedFromFirst;
            ((IEncodedMediaLeg)b).EncodedAudioReceived += _encodedFromSecond;
        }
        else
        {
            a.AudioReceived += _fromFirst;
            b.AudioReceived += _fromSecond;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Forward(AudioCodec codec, ReadOnlySpan<byte> payload, IEncodedMediaLeg from, bool fromSilenced, IEncodedMediaLeg to, bool toHeld)
    {
        if (toHeld || Volatile.Read(ref _unbridged) != 0)
        {
            return;
        }

        if (fromSilenced)
        {
            Span<short> silence = stackalloc short[Math.Min(payload.Length, MaxFrame)];
            silence.Clear();
            to.SendConnected(silence);
            return;
        }

        // The leg transcodes when its codec differs.
        to.SendConnectedEncoded(codec, payload);
        if (to is RtpSession toSession && from is RtpSession fromSession)
        {
            // From the next packet on, the kernel may forward this direction (RtpSessionOptions.KernelForwarding).
            toSession.TryForwardInKernel(fromSession, this);
        }
    }

    /// <summary>
    /// Whether <paramref name="from"/>'s audio may go to <paramref name="to"/> as it comes, with nothing in between:
    /// bridged, neither held, <paramref name="from"/> not muted. Read under <paramref name="to"/>'s send lock; any
    /// change of these takes the kernel's routes back.
    /// </summary>
    internal bool AllowsKernelForwarding(IMediaLeg from, IMediaLeg to) =>
        IsBridged && !IsOnHold(from) && !IsMuted(from) && !IsOnHold(to);

    private void EndKernelRoutes()
    {
        (First as RtpSession)?.EndKernelRoutes();
        (Second as RtpSession)?.EndKernelRoutes();
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Forward(ReadOnlySpan<short> pcm, bool fromSilenced, IMediaLeg to, bool toHeld)
    {
        // A held party hears only its music; a frame already in flight when unbridged is dropped.
        if (toHeld || Volatile.Read(ref _unbridged) != 0)
        {
            return;
        }

        if (fromSilenced)
        {
            Span<short> silence = stackalloc short[Math.Min(pcm.Length, MaxFrame)];
            silence.Clear();
            to.SendConnected(silence);
            return;
        }

        to.SendConnected(pcm);
    }

    private void SetHeld(IMediaLeg leg, bool held)
    {
        if (IsFirst(leg))
        {
            _firstHeld = held;
        }
        else
        {
            _secondHeld = held;
        }

        EndKernelRoutes();
    }

    private void SetMuted(IMediaLeg leg, bool muted)
    {
        if (IsFirst(leg))
        {
            _firstMuted = muted;
        }
        else
        {
            _secondMuted = muted;
        }

        EndKernelRoutes();
    }

    private bool IsFirst(IMediaLeg leg)
    {
        ArgumentNullException.ThrowIfNull(leg);
        if (ReferenceEquals(leg, First))
        {
            return true;
        }

        return ReferenceEquals(leg, Second) ? false : throw new ArgumentException("The leg is not in this bridge.", nameof(leg));
    }
}

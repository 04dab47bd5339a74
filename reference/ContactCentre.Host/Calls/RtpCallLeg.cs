using Akka.Actor;
using ContactCentre.Actors.Ports;
using ContactCentre.Media;

namespace ContactCentre.Host.Calls;

/// <summary>
/// A call leg whose audio is an <see cref="RtpSession"/>: a SIP phone's (<see cref="SipCallLeg"/>) or a softphone's over
/// WebRTC (<see cref="Desktop.SoftphoneCallLeg"/>). It plays prompts and music on hold, bridges to any other such leg,
/// mutes and sends digits on its session, and turns media events (DTMF, end of a prompt, the leg's end) into
/// <see cref="LegEvent"/>s for the owning actor; packets never do. How the leg ends is its kind's.
/// </summary>
public abstract class RtpCallLeg : ICallLeg
{
    // Events from before the first owner attached (a digit pressed at once, an early hang-up), told on Attach. Bounded:
    // a leg nobody ever attaches to keeps no more than a caller could press in a second or two.
    private const int MaxEarlyEvents = 32;
    private readonly PromptLibrary _prompts;
    private readonly Lock _gate = new();
    private IActorRef _owner = ActorRefs.Nobody;
    private List<LegEvent>? _early = [];
    private IAudioSource? _playing;
    private int _playId;
    private int _ended;
    private volatile bool _muted;
    private MediaBridge? _bridge;

    protected RtpCallLeg(string id, RtpSession media, PromptLibrary prompts)
    {
        Id = id;
        Media = media;
        _prompts = prompts;
        media.DtmfReceived += (_, digit) => Tell(new DigitReceived(Id, digit));
        media.PlaybackFinished += OnPlaybackFinished;
    }

    public string Id { get; }
    public RtpSession Media { get; }

    public bool IsEnded => Volatile.Read(ref _ended) == 1;

    public void Attach(IActorRef owner)
    {
        List<LegEvent>? early;
        lock (_gate)
        {
            _owner = owner;
            early = _early;
            _early = null;
        }
        foreach (var e in early ?? []) owner.Tell(e);
    }

    public void Play(int playId, IReadOnlyList<string> prompts)
    {
        var source = _prompts.Sequence(prompts);
        lock (_gate)
        {
            _playing = source;
            _playId = playId;
        }
        try
        {
            Media.Play(source);
        }
        catch (ObjectDisposedException)
        {
            // The party has just gone; its LegEnded is on its way.
        }
    }

    public void StopPlayback()
    {
        lock (_gate) _playing = null;
        try
        {
            Media.StopPlayback();
        }
        catch (ObjectDisposedException)
        {
            // The party has just gone.
        }
    }

    public IDisposable Bridge(ICallLeg other)
    {
        if (other is not RtpCallLeg rtp)
            throw new ArgumentException($"A {GetType().Name} can only be bridged to another RTP leg, not {other.GetType().Name}.", nameof(other));
        // A leg that has just ended cannot be bridged; its LegEnded is on its way to the owner, which ends or re-plans the call.
        if (Media.IsDisposed || rtp.Media.IsDisposed) return NoBridge.Instance;
        lock (_gate) _playing = null;
        var bridge = MediaBridge.Connect(Media, rtp.Media);
        Joined(bridge);
        rtp.Joined(bridge);
        return bridge;
    }

    public void PlayMusicOnHold()
    {
        lock (_gate) _playing = null;
        try
        {
            Media.Play(_prompts.MusicOnHold());
        }
        catch (ObjectDisposedException)
        {
            // The party has just hung up: nobody to play to.
        }
    }

    public void SetMuted(bool muted)
    {
        _muted = muted;
        if (_bridge is not { IsBridged: true } bridge) return;
        if (muted) bridge.Mute(Media);
        else bridge.Unmute(Media);
    }

    public void SendDigits(string digits)
    {
        try
        {
            foreach (var digit in digits)
            {
                // RFC 4733 events, queued one after the other on the leg's clock; a leg that ends meanwhile drops the rest.
                _ = Media.SendDtmfAsync(digit).ContinueWith(t => _ = t.Exception, TaskContinuationOptions.OnlyOnFaulted);
            }
        }
        catch (ObjectDisposedException)
        {
            // The party has just hung up.
        }
    }

    public abstract Task HangUpAsync();

    /// <summary>
    /// Ends the leg once: <see cref="ReleaseMedia"/> at once, then <see cref="LegEnded"/> with the reason for the owner
    /// (kept for it if none has attached yet). False when the leg had already ended.
    /// </summary>
    protected bool EndOnce(string reason)
    {
        if (Interlocked.Exchange(ref _ended, 1) == 1) return false;
        ReleaseMedia();
        Tell(new LegEnded(Id, reason));
        return true;
    }

    /// <summary>Closes the leg's media (its socket, and for WebRTC its ICE and DTLS).</summary>
    protected abstract void ReleaseMedia();

    /// <summary>The leg is now in <paramref name="bridge"/>: it keeps it for mute, and mutes itself there if its party is muted.</summary>
    private void Joined(MediaBridge bridge)
    {
        // Mute belongs to the party, not the bridge: a muted party stays muted across hold and consult.
        _bridge = bridge;
        if (_muted) bridge.Mute(Media);
    }

    /// <summary>Tells the owner, or keeps the event for the first owner when none has attached yet.</summary>
    private void Tell(LegEvent e)
    {
        IActorRef owner;
        lock (_gate)
        {
            if (_early is not null)
            {
                if (_early.Count < MaxEarlyEvents || e is LegEnded) _early.Add(e);
                return;
            }
            owner = _owner;
        }
        owner.Tell(e);
    }

    private void OnPlaybackFinished(RtpSession session, IAudioSource source)
    {
        int playId;
        lock (_gate)
        {
            if (!ReferenceEquals(source, _playing)) return;
            _playing = null;
            playId = _playId;
        }
        Tell(new PromptsFinished(Id, playId));
    }

    private sealed class NoBridge : IDisposable
    {
        public static readonly NoBridge Instance = new();
        public void Dispose() { }
    }
}

using Akka.Actor;
using ContactCentre.Actors.Ports;
using ContactCentre.Media;
using ContactCentre.Sip;

namespace ContactCentre.Host.Calls;

/// <summary>
/// A call leg on the wire: a SIP dialog and its RTP session. Media events (DTMF, end of a prompt,
/// BYE) become <see cref="LegEvent"/>s for the owning actor; packets never do.
/// </summary>
public sealed class SipCallLeg : ICallLeg, IRtpCallLeg
{
    private readonly SipDialog _dialog;
    private readonly PromptLibrary _prompts;
    private readonly Lock _gate = new();
    private IActorRef _owner = ActorRefs.Nobody;
    // Events from before the first owner attached (a digit the caller pressed at once, an early hang-up), told on Attach.
    private List<LegEvent>? _early = [];
    private const int MaxEarlyEvents = 32;
    private IAudioSource? _playing;
    private int _playId;
    private int _ended;
    private volatile bool _muted;
    private MediaBridge? _bridge;

    public SipCallLeg(string id, SipDialog dialog, RtpSession media, PromptLibrary prompts)
    {
        Id = id;
        _dialog = dialog;
        Media = media;
        _prompts = prompts;
        media.DtmfReceived += (_, digit) => Tell(new DigitReceived(Id, digit));
        media.PlaybackFinished += OnPlaybackFinished;
        dialog.Terminated += (_, reason) => Ended(reason);
        if (dialog.IsTerminated) Ended("ended before it was attached");
    }

    public string Id { get; }
    public RtpSession Media { get; }

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

    /// <summary>Tells the owner, or keeps the event for the first owner when none has attached yet.</summary>
    private void Tell(LegEvent e)
    {
        IActorRef owner;
        lock (_gate)
        {
            if (_early is not null)
            {
                // Bounded: a leg nobody ever attaches to keeps no more than a caller could press in a second or two.
                if (_early.Count < MaxEarlyEvents || e is LegEnded) _early.Add(e);
                return;
            }
            owner = _owner;
        }
        owner.Tell(e);
    }

    public void Play(int playId, IReadOnlyList<string> prompts)
    {
        var source = _prompts.Sequence(prompts);
        lock (_gate)
        {
            _playing = source;
            _playId = playId;
        }
        Media.Play(source);
    }

    public void StopPlayback()
    {
        lock (_gate) _playing = null;
        Media.StopPlayback();
    }

    public IDisposable Bridge(ICallLeg other)
    {
        if (other is not IRtpCallLeg rtp)
            throw new ArgumentException($"A SIP leg can only be bridged to another RTP leg, not {other.GetType().Name}.", nameof(other));
        // A leg that has just ended cannot be bridged; its LegEnded is on its way to the owner, which ends or re-plans the call.
        if (Media.IsDisposed || rtp.Media.IsDisposed) return NoBridge.Instance;
        lock (_gate) _playing = null;
        var bridge = MediaBridge.Connect(Media, rtp.Media);
        // Mute belongs to the party, not the bridge: a muted agent stays muted across hold and consult.
        Joined(bridge);
        rtp.Joined(bridge);
        return bridge;
    }

    public void Joined(MediaBridge bridge)
    {
        _bridge = bridge;
        if (_muted) bridge.Mute(Media);
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

    public async Task HangUpAsync()
    {
        // Media goes first and at once, so that no socket outlives the call even when the BYE cannot be sent.
        Ended("local hang-up");
        if (_dialog.IsTerminated) return;
        try
        {
            await _dialog.HangUpAsync();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The BYE may time out or fail when the peer or our endpoint is gone; the leg is over all the same.
        }
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

    private void Ended(string reason)
    {
        if (Interlocked.Exchange(ref _ended, 1) == 1) return;
        Media.Dispose();
        Tell(new LegEnded(Id, reason));
    }

    private sealed class NoBridge : IDisposable
    {
        public static readonly NoBridge Instance = new();
        public void Dispose() { }
    }
}

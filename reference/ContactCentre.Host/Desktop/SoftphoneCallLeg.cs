using Akka.Actor;
using ContactCentre.Actors.Ports;
using ContactCentre.Host.Calls;
using ContactCentre.Media;
using ContactCentre.Media.WebRtc;

namespace ContactCentre.Host.Desktop;

/// <summary>
/// An agent's answered softphone: a <see cref="WebRtcLeg"/> to the agent's browser (or the simulator's softphone).
/// It plays, hears, bridges, mutes and sends digits on the leg's RTP session like a SIP leg does; it ends when the call
/// hangs it up, when the agent's last desktop closes, when the browser's ICE consent lapses, or when DTLS fails.
/// </summary>
public sealed class SoftphoneCallLeg : ICallLeg, IRtpCallLeg
{
    private readonly WebRtcLeg _leg;
    private readonly PromptLibrary _prompts;
    private readonly Lock _gate = new();
    private IActorRef _owner = ActorRefs.Nobody;
    private IAudioSource? _playing;
    private int _playId;
    private int _ended;
    private string? _endReason;
    private bool _endTold;
    private volatile bool _muted;
    private MediaBridge? _bridge;

    public SoftphoneCallLeg(string id, string agentId, WebRtcLeg leg, PromptLibrary prompts)
    {
        Id = id;
        AgentId = agentId;
        _leg = leg;
        _prompts = prompts;
        Media.DtmfReceived += (_, digit) => _owner.Tell(new DigitReceived(Id, digit));
        Media.PlaybackFinished += OnPlaybackFinished;
        leg.ConsentLost += _ => End("the softphone stopped answering (ICE consent lapsed)");
        leg.Secured.ContinueWith(t => End($"the softphone's DTLS handshake failed: {t.Exception?.InnerException?.Message}"),
            CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
    }

    public string Id { get; }
    public string AgentId { get; }
    public RtpSession Media => _leg.Session;

    /// <summary>The desktop whose browser holds the other end: the leg ends when that desktop closes.</summary>
    public System.Threading.Channels.ChannelWriter<string>? Desktop { get; init; }

    /// <summary>Raised once when the leg ends, for whatever reason (the registry forgets it).</summary>
    public event Action<SoftphoneCallLeg>? Ended;

    public bool IsEnded => Volatile.Read(ref _ended) == 1;

    public void Attach(IActorRef owner)
    {
        string? endedBefore;
        lock (_gate)
        {
            _owner = owner;
            // An end that came before the owner did is told now, exactly once.
            endedBefore = _endReason is { } reason && !_endTold ? reason : null;
            _endTold |= endedBefore is not null;
        }
        if (endedBefore is not null) owner.Tell(new LegEnded(Id, endedBefore));
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
            // The softphone has just gone; its LegEnded is on its way.
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
        }
    }

    public IDisposable Bridge(ICallLeg other)
    {
        if (other is not IRtpCallLeg rtp)
            throw new ArgumentException($"A softphone leg can only be bridged to an RTP leg, not {other.GetType().Name}.", nameof(other));
        if (Media.IsDisposed || rtp.Media.IsDisposed) return NoBridge.Instance;
        lock (_gate) _playing = null;
        var bridge = MediaBridge.Connect(Media, rtp.Media);
        Joined(bridge);
        rtp.Joined(bridge);
        return bridge;
    }

    public void Joined(MediaBridge bridge)
    {
        _bridge = bridge;
        // Mute belongs to the party, not the bridge: a muted agent stays muted across hold and consult.
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
                _ = Media.SendDtmfAsync(digit).ContinueWith(t => _ = t.Exception, TaskContinuationOptions.OnlyOnFaulted);
        }
        catch (ObjectDisposedException)
        {
        }
    }

    public Task HangUpAsync()
    {
        End("local hang-up");
        return Task.CompletedTask;
    }

    /// <summary>Ends the leg: its media stops at once, and the owner hears <see cref="LegEnded"/> with the reason (once).</summary>
    public void End(string reason)
    {
        if (Interlocked.Exchange(ref _ended, 1) == 1) return;
        _leg.Dispose();
        IActorRef owner;
        lock (_gate)
        {
            _endReason = reason;
            owner = _owner;
            _endTold = !owner.IsNobody();
        }
        if (!owner.IsNobody()) owner.Tell(new LegEnded(Id, reason));
        Ended?.Invoke(this);
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
        _owner.Tell(new PromptsFinished(Id, playId));
    }

    private sealed class NoBridge : IDisposable
    {
        public static readonly NoBridge Instance = new();
        public void Dispose() { }
    }
}

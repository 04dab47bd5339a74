using System.Collections.Concurrent;
using Akka.Actor;
using ContactCentre.Actors.Ports;

namespace ContactCentre.Actors.Tests;

/// <summary>A call leg without SIP or media: the test plays the party, the leg reports to its owner.</summary>
internal sealed class InMemoryCallLeg(string id) : ICallLeg
{
    private IActorRef _owner = ActorRefs.Nobody;
    private int _lastPlayId;

    public string Id { get; } = id;
    public ConcurrentQueue<IReadOnlyList<string>> Played { get; } = new();
    public ICallLeg? BridgedTo { get; private set; }
    public bool Ended { get; private set; }

    public void Attach(IActorRef owner) => _owner = owner;

    public void Play(int playId, IReadOnlyList<string> prompts)
    {
        _lastPlayId = playId;
        HearsMusicOnHold = false; // prompts replace the music, as on a SIP leg
        Played.Enqueue(prompts);
    }

    /// <summary>How often the owner stopped the prompts (a barge-in digit does).</summary>
    public int Stops { get; private set; }

    public void StopPlayback()
    {
        Stops++;
        HearsMusicOnHold = false;
    }

    /// <summary>Set to make the next <see cref="Bridge"/> or <see cref="PlayMusicOnHold"/> throw, as a broken media session would.</summary>
    public Exception? Fails { get; set; }

    public IDisposable Bridge(ICallLeg other)
    {
        if (Fails is { } e) throw e;
        BridgedTo = other;
        HearsMusicOnHold = false;
        if (other is InMemoryCallLeg leg) leg.BridgedTo = this;
        return new Unbridge(this, other);
    }

    /// <summary>True while music on hold plays to this party (until StopPlayback or a bridge).</summary>
    public bool HearsMusicOnHold { get; private set; }
    public bool Muted { get; private set; }
    public ConcurrentQueue<string> DigitsSent { get; } = new();

    public void PlayMusicOnHold()
    {
        if (Fails is { } e) throw e;
        HearsMusicOnHold = true;
    }

    public void SetMuted(bool muted) => Muted = muted;

    public void SendDigits(string digits) => DigitsSent.Enqueue(digits);

    public Task HangUpAsync()
    {
        End("local hang-up");
        return Task.CompletedTask;
    }

    public void FinishPrompts() => _owner.Tell(new PromptsFinished(Id, _lastPlayId));
    public void Press(char digit) => _owner.Tell(new DigitReceived(Id, digit));
    public void HangUpByParty() => End("remote BYE");

    private void End(string reason)
    {
        if (Ended) return;
        Ended = true;
        _owner.Tell(new LegEnded(Id, reason));
    }

    private sealed class Unbridge(InMemoryCallLeg leg, ICallLeg other) : IDisposable
    {
        public void Dispose()
        {
            // A handle of an earlier bridge leaves a later one alone.
            if (leg.BridgedTo != other) return;
            if (other is InMemoryCallLeg o && o.BridgedTo == leg) o.BridgedTo = null;
            leg.BridgedTo = null;
        }
    }
}

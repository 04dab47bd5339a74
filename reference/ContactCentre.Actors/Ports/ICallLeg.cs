using Akka.Actor;

namespace ContactCentre.Actors.Ports;

/// <summary>
/// One party's side of a call (a SIP dialog with its media, or an in-memory leg in tests).
/// Commands go in through these methods; what happens on the leg comes back to the owner actor
/// as <see cref="LegEvent"/> messages. Media never crosses into actors, only these events.
/// </summary>
public interface ICallLeg
{
    string Id { get; }

    /// <summary>The actor that receives this leg's <see cref="LegEvent"/>s.</summary>
    void Attach(IActorRef owner);

    /// <summary>Plays prompts by name; <see cref="PromptsFinished"/> with the same <paramref name="playId"/> follows unless stopped.</summary>
    void Play(int playId, IReadOnlyList<string> prompts);

    void StopPlayback();

    /// <summary>Connects this leg's audio with another's, both ways, until the returned handle is disposed.</summary>
    IDisposable Bridge(ICallLeg other);

    /// <summary>Plays music on hold to this party, round and round, until <see cref="StopPlayback"/> (or a new bridge).</summary>
    void PlayMusicOnHold();

    /// <summary>
    /// While muted no audio of this party reaches whoever it is bridged to (now or in a later bridge); the party
    /// still hears them.
    /// </summary>
    void SetMuted(bool muted);

    /// <summary>Sends DTMF digits (0-9, *, #, A-D) to this party as RFC 4733 telephone events, one after the other.</summary>
    void SendDigits(string digits);

    /// <summary>Ends the leg (BYE); a <see cref="LegEnded"/> event follows unless it had already ended.</summary>
    Task HangUpAsync();
}

public abstract record LegEvent(string LegId);
public sealed record DigitReceived(string LegId, char Digit) : LegEvent(LegId);
public sealed record PromptsFinished(string LegId, int PlayId) : LegEvent(LegId);
public sealed record LegEnded(string LegId, string Reason) : LegEvent(LegId);

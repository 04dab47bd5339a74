using ContactCentre.Actors.Ports;
using ContactCentre.Actors.Queues;

namespace ContactCentre.Actors.Calls;

/// <summary>
/// What a waiting caller hears: the queue module's prompts, then music on hold, broken only by the position and
/// estimated wait the queue announces (<see cref="AnnounceWait"/>), after which the music comes back. Never silence.
/// </summary>
public sealed partial class CallActor
{
    /// <summary>The prompts a waiting caller hears, by name in the audio library (texts in scripts/make-demo-audio.sh).</summary>
    public static class WaitPrompts
    {
        /// <summary>"You are number"</summary>
        public const string Position = "queue-position";
        /// <summary>"in the queue. Your estimated waiting time is"</summary>
        public const string Wait = "queue-wait";
        /// <summary>"less than one minute.", said instead of the minutes when the estimate is under a minute.</summary>
        public const string UnderAMinute = "queue-wait-under-a-minute";
        /// <summary>"minute." after the digit 1.</summary>
        public const string Minute = "minute";
        /// <summary>"minutes."</summary>
        public const string Minutes = "minutes";
        /// <summary>"digit-0" … "digit-9", the names the input module's read-back uses too.</summary>
        public const string DigitPrefix = "digit-";
    }

    // The play id of prompts the waiting caller hears now (queue prompts or an announcement); null while music plays.
    private int? _waitPromptsPlayId;
    // Set by PlayQueuePrompts just before EnterQueue becomes Queued: the only way into Queued with prompts playing.
    private bool _queuePromptsStarting;
    // An announcement that came while prompts played: said when they end (the latest wins).
    private AnnounceWait? _pendingAnnouncement;

    /// <summary>The position and wait as prompts: "You are number 1 2 in the queue. Your estimated waiting time is 3 minutes."</summary>
    public static IReadOnlyList<string> AnnouncementPrompts(int position, int ewtMinutes)
    {
        var prompts = new List<string> { WaitPrompts.Position };
        prompts.AddRange(Digits(position));
        prompts.Add(WaitPrompts.Wait);
        if (ewtMinutes < 1)
        {
            prompts.Add(WaitPrompts.UnderAMinute);
            return prompts;
        }
        prompts.AddRange(Digits(ewtMinutes));
        prompts.Add(ewtMinutes == 1 ? WaitPrompts.Minute : WaitPrompts.Minutes);
        return prompts;
    }

    private static IEnumerable<string> Digits(int number) =>
        number.ToString(System.Globalization.CultureInfo.InvariantCulture).Select(d => WaitPrompts.DigitPrefix + d);

    /// <summary>EnterQueue's prompts; without any the caller hears music on hold at once.</summary>
    private void PlayQueuePrompts(IReadOnlyList<string> prompts)
    {
        _pendingAnnouncement = null;
        if (prompts.Count == 0)
        {
            _caller.PlayMusicOnHold();
            return;
        }
        _caller.Play(_playId, prompts);
        _queuePromptsStarting = true;
    }

    private void QueuedAnnouncements()
    {
        // Entering Queued. A requeue and a transfer to an agent start music on hold; prompts cut off by an answer
        // (StopPlayback sends no PromptsFinished) must not count as still playing.
        _waitPromptsPlayId = _queuePromptsStarting ? _playId : null;
        _queuePromptsStarting = false;
        if (_waitPromptsPlayId is null) _pendingAnnouncement = null;

        Receive<AnnounceWait>(m => m.TicketId == _ticket?.Id && !_ticketClosed, m =>
        {
            // While an agent's phone rings the caller is about to be answered: no announcement.
            if (_dialing is not null) return;
            if (_waitPromptsPlayId is not null)
            {
                // The first announcement is due on entry, while the queue's own prompts play: it follows them.
                _pendingAnnouncement = m;
                return;
            }
            Announce(m);
        });
        Receive<PromptsFinished>(m => m.LegId == _caller.Id && m.PlayId == _waitPromptsPlayId, _ =>
        {
            _waitPromptsPlayId = null;
            var pending = _pendingAnnouncement;
            _pendingAnnouncement = null;
            if (pending is not null && pending.TicketId == _ticket?.Id && !_ticketClosed && _dialing is null) Announce(pending);
            else _caller.PlayMusicOnHold();
        });
    }

    private void Announce(AnnounceWait m)
    {
        _playId++;
        _waitPromptsPlayId = _playId;
        _caller.Play(_playId, AnnouncementPrompts(m.Position, m.EwtMinutes));
    }
}

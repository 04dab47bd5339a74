using System.Runtime.CompilerServices;

namespace ContactCentre.Media;

/// <summary>
/// Turns a stream of RFC 4733 event packets into digits, each exactly once, with its duration. An event is
/// identified by its RTP timestamp (§2.5.2.1), so a second press of the same key is a new event; it starts
/// with whichever of its packets arrives first (the first ones may be lost) and is reported on its first end
/// packet with that packet's duration (§2.5.1.4 repeats the end packet; the repeats are ignored). If every end
/// packet is lost the event is reported, with the longest duration seen, when a packet of another event
/// arrives or when nothing was heard of it for <see cref="Timeout"/> (<see cref="Expire"/>). Packets of an
/// event already reported (late, reordered or repeated) are ignored. Thread-safe: packets come from the
/// receive loop, expiry from the media clock.
/// </summary>
internal sealed class DtmfDetector(int clockRate = 8000)
{
    /// <summary>
    /// Updates come at least every 50 ms while a key is held (RFC 4733 §2.5.1.2 allows longer for
    /// long events, but not by this much); this much silence means the end packets were lost.
    /// </summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromMilliseconds(300);

    // Events already reported, by timestamp: enough to recognise stragglers of the last few digits.
    private const int RememberedEvents = 8;

    private readonly Lock _gate = new();
    private readonly uint[] _reported = new uint[RememberedEvents];
    private int _reportedCount;
    private int _reportedNext;
    private volatile bool _tracking; // read without the lock by Expire's fast path
    private uint _timestamp;
    private byte _event;
    private int _duration;
    private TimeSpan _lastHeard;

    /// <summary>Feeds one event packet that arrived at <paramref name="arrival"/>; writes up to two digits and returns how many.</summary>
    public int Accept(uint timestamp, in TelephoneEvent telephoneEvent, TimeSpan arrival, Span<DtmfDigit> digits)
    {
        lock (_gate)
        {
            var count = 0;
            if (WasReported(timestamp))
            {
                return 0;
            }

            if (!_tracking || timestamp != _timestamp)
            {
                // Another event began: the one we were following ended without an end packet reaching us.
                count += Finish(digits);
                _tracking = true;
                _timestamp = timestamp;
                _event = telephoneEvent.Event;
                _duration = 0;
            }

            _lastHeard = arrival;
            // Durations only grow within an event (§2.5.1.3); a reordered older update must not shrink it.
            _duration = telephoneEvent.End ? telephoneEvent.Duration : Math.Max(_duration, telephoneEvent.Duration);
            if (telephoneEvent.End)
            {
                count += Finish(digits[count..]);
            }

            return count;
        }
    }

    /// <summary>Reports the event being followed if nothing was heard of it for <see cref="Timeout"/>; 0 or 1 digits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public int Expire(TimeSpan now, Span<DtmfDigit> digits)
    {
        if (!_tracking)
        {
            return 0; // every tick of every session asks; nearly always no digit is in progress
        }

        lock (_gate)
        {
            return _tracking && now - _lastHeard >= Timeout ? Finish(digits) : 0;
        }
    }

    private int Finish(Span<DtmfDigit> digits)
    {
        if (!_tracking)
        {
            return 0;
        }

        _tracking = false;
        _reported[_reportedNext] = _timestamp;
        _reportedNext = (_reportedNext + 1) % RememberedEvents;
        _reportedCount = Math.Min(_reportedCount + 1, RememberedEvents);
        if (!TelephoneEvent.TryGetDigit(_event, out char key))
        {
            return 0; // a non-DTMF event (e.g. a fax tone): followed, not reported
        }

        digits[0] = new DtmfDigit(key, TimeSpan.FromSeconds((double)_duration / clockRate), DtmfSignalling.TelephoneEvent);
        return 1;
    }

    private bool WasReported(uint timestamp)
    {
        for (var i = 0; i < _reportedCount; i++)
        {
            if (_reported[i] == timestamp)
            {
                return true;
            }
        }

        return false;
    }
}

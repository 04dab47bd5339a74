namespace ContactCentre.Media;

/// <summary>
/// Turns a stream of RFC 4733 event packets into digits, each exactly once. An event is identified by
/// its RTP timestamp (§2.5.2.1); it is reported on its first end packet, and the redundant end
/// packets (§2.5.1.4) are ignored. If every end packet of an event is lost, the event is reported
/// when the first packet of the next event (a new timestamp) arrives.
/// </summary>
internal sealed class DtmfDetector
{
    private bool _tracking;
    private uint _timestamp;
    private byte _event;
    private bool _reported;

    /// <summary>Feeds one event packet; writes up to two digits and returns how many.</summary>
    public int Accept(uint timestamp, in TelephoneEvent telephoneEvent, Span<char> digits)
    {
        var count = 0;
        if (_tracking && (int)(timestamp - _timestamp) < 0)
        {
            // A late packet of an earlier event (reordered or retransmitted): already dealt with.
            return 0;
        }

        if (!_tracking || timestamp != _timestamp)
        {
            if (_tracking && !_reported && TelephoneEvent.TryGetDigit(_event, out var lost))
            {
                digits[count++] = lost;
            }

            _tracking = true;
            _timestamp = timestamp;
            _event = telephoneEvent.Event;
            _reported = false;
        }

        if (telephoneEvent.End && !_reported)
        {
            _reported = true;
            if (TelephoneEvent.TryGetDigit(_event, out var digit))
            {
                digits[count++] = digit;
            }
        }

        return count;
    }
}

using System.Runtime.CompilerServices;

namespace ContactCentre.Media;

/// <summary>
/// What we have received from one source, kept as RFC 3550 Appendix A.1 (sequence validation with
/// wrap-around), A.3 (expected, lost, fraction lost) and A.8 (interarrival jitter) describe, so that our
/// receiver report blocks (§6.4.1) mean what the far end's tools expect. A new SSRC starts afresh.
/// Thread-safe: the receive loop records, the RTCP sender reads.
/// </summary>
public sealed class ReceptionStatistics(int clockRate = 8000)
{
    // A.1: a jump this far ahead is a restart rather than loss; this far behind is a late packet.
    private const int MaxDropout = 3000;
    private const int MaxMisorder = 100;
    private const int MinSequential = 2;
    private const int SequenceModulo = 1 << 16;

    private readonly Lock _gate = new();
    private bool _started;
    private uint _ssrc;
    private ushort _maxSequence;
    private uint _cycles;
    private uint _baseSequence;
    private uint _badSequence;
    private int _probation;
    private long _received;
    private long _expectedPrior;
    private long _receivedPrior;
    private long _previousTransit;
    private bool _haveTransit;
    private long _jitterTimes16;
    private uint _lastSenderReport;
    private TimeSpan _lastSenderReportArrival;
    private bool _haveSenderReport;

    /// <summary>The source being counted, or null before the first packet.</summary>
    public uint? Ssrc
    {
        get
        {
            lock (_gate)
            {
                return _started ? _ssrc : null;
            }
        }
    }

    /// <summary>
    /// Records one RTP packet that arrived at <paramref name="arrival"/> (any monotonic clock). False while a
    /// new source is on probation or for a sequence number far outside the expected window (A.1).
    /// <paramref name="sampledNow"/> is false for packets whose timestamp is not their sampling instant, such as
    /// RFC 4733 events (every packet of an event carries its start), which would otherwise read as jitter.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool Record(uint ssrc, ushort sequence, uint timestamp, TimeSpan arrival, bool sampledNow = true)
    {
        lock (_gate)
        {
            if (!_started || ssrc != _ssrc)
            {
                // A new source (first packet, or the far end restarted / a bridge changed who is talking).
                _started = true;
                _ssrc = ssrc;
                _haveTransit = false;
                _jitterTimes16 = 0;
                _haveSenderReport = false;
                Restart(sequence);
                _maxSequence = (ushort)(sequence - 1);
                _probation = MinSequential;
            }

            if (!UpdateSequence(sequence))
            {
                return false;
            }

            if (sampledNow)
            {
                UpdateJitter(timestamp, arrival);
            }

            return true;
        }
    }

    /// <summary>Notes a sender report from this source (for LSR/DLSR in our next report block, §6.4.1).</summary>
    public void RecordSenderReport(uint ssrc, ulong ntpTimestamp, TimeSpan arrival)
    {
        lock (_gate)
        {
            if (_started && ssrc == _ssrc)
            {
                _lastSenderReport = (uint)(ntpTimestamp >> 16);
                _lastSenderReportArrival = arrival;
                _haveSenderReport = true;
            }
        }
    }

    /// <summary>
    /// The report block for this source as of <paramref name="now"/>, or null before a valid packet; starts a
    /// new interval for the fraction lost (A.3).
    /// </summary>
    public RtcpReportBlock? TakeReport(TimeSpan now)
    {
        lock (_gate)
        {
            if (!_started || _probation > 0)
            {
                return null;
            }

            uint extendedMax = _cycles + _maxSequence;
            long expected = (long)extendedMax - _baseSequence + 1;
            long lost = Math.Clamp(expected - _received, -0x800000, 0x7FFFFF);
            long expectedInterval = expected - _expectedPrior;
            long receivedInterval = _received - _receivedPrior;
            _expectedPrior = expected;
            _receivedPrior = _received;
            long lostInterval = expectedInterval - receivedInterval;
            byte fraction = expectedInterval == 0 || lostInterval <= 0 ? (byte)0 : (byte)((lostInterval << 8) / expectedInterval);
            uint delay = _haveSenderReport ? (uint)Math.Min(uint.MaxValue, (now - _lastSenderReportArrival).TotalSeconds * 65536) : 0;
            return new RtcpReportBlock(_ssrc, fraction, (int)lost, extendedMax, (uint)(_jitterTimes16 >> 4), _haveSenderReport ? _lastSenderReport : 0, delay);
        }
    }

    private void Restart(ushort sequence)
    {
        _baseSequence = sequence;
        _maxSequence = sequence;
        _badSequence = SequenceModulo + 1;
        _cycles = 0;
        _received = 0;
        _receivedPrior = 0;
        _expectedPrior = 0;
    }

    /// <summary>RFC 3550 A.1 update_seq.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool UpdateSequence(ushort sequence)
    {
        var delta = (ushort)(sequence - _maxSequence);
        if (_probation > 0)
        {
            // A source is valid once MinSequential packets arrive in sequence.
            if (sequence == (ushort)(_maxSequence + 1))
            {
                _probation--;
                _maxSequence = sequence;
                if (_probation == 0)
                {
                    Restart(sequence);
                    _received++;
                    return true;
                }
            }
            else
            {
                _probation = MinSequential - 1;
                _maxSequence = sequence;
            }

            return false;
        }

        if (delta < MaxDropout)
        {
            if (sequence < _maxSequence)
            {
                _cycles += SequenceModulo; // wrapped
            }

            _maxSequence = sequence;
        }
        else if (delta <= SequenceModulo - MaxMisorder)
        {
            // A very large jump: two in a row mean the sender restarted its sequence.
            if (sequence == _badSequence)
            {
                Restart(sequence);
            }
            else
            {
                _badSequence = (uint)((sequence + 1) & (SequenceModulo - 1));
                return false;
            }
        }

        // Otherwise a duplicate or reordered packet: counted as received, as A.1 does.
        _received++;
        return true;
    }

    /// <summary>RFC 3550 A.8: J += (|D| - J) / 16, kept ×16 in integers.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void UpdateJitter(uint timestamp, TimeSpan arrival)
    {
        long arrivalUnits = (long)(arrival.Ticks * (double)clockRate / TimeSpan.TicksPerSecond);
        long transit = (uint)arrivalUnits - (long)timestamp;
        if (_haveTransit)
        {
            long d = (int)(uint)(transit - _previousTransit);
            d = Math.Abs(d);
            _jitterTimes16 += d - ((_jitterTimes16 + 8) >> 4);
        }

        _previousTransit = transit;
        _haveTransit = true;
    }
}

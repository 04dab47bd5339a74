namespace ContactCentre.Media.WebRtc;

/// <summary>
/// The receiver's replay list of RFC 3711 §3.3.2 as a sliding window of 64 indices behind the highest
/// authenticated one: newer indices are accepted, older ones once each, anything further back refused.
/// </summary>
internal struct SrtpReplayWindow
{
    public const int Size = 64;
    private ulong _received; // bit d: index (Highest - d) was received
    private bool _started;

    public long Highest { get; private set; }

    public readonly bool IsFresh(long index)
    {
        if (!_started || index > Highest)
        {
            return true;
        }

        long behind = Highest - index;
        return behind < Size && (_received & (1UL << (int)behind)) == 0;
    }

    /// <summary>Records an index that passed authentication; call only after <see cref="IsFresh"/>.</summary>
    public void Accept(long index)
    {
        if (!_started)
        {
            _started = true;
            Highest = index;
            _received = 1;
            return;
        }

        if (index > Highest)
        {
            long ahead = index - Highest;
            _received = ahead >= Size ? 1 : (_received << (int)ahead) | 1;
            Highest = index;
        }
        else
        {
            _received |= 1UL << (int)(Highest - index);
        }
    }
}

namespace ContactCentre.Media;

/// <summary>
/// Playout of received audio at a steady pace whatever the network did to the packets: packets are placed
/// by RTP timestamp, so reordering is undone; a packet whose time has already been played (late) or that is
/// already held (duplicate) is dropped; a single lost frame is concealed by repeating the previous one at
/// half amplitude (a longer loss becomes silence rather than a buzzing repeat); RFC 3389 comfort noise
/// packets are not decoded as audio but give noise at their level until speech resumes.
/// The delay is fixed at <see cref="Delay"/> (60 ms by default): enough for the jitter of a contact
/// centre's SIP trunks and WebRTC clients on ordinary networks, constant so that recordings and mixes line
/// up; an adaptive delay is left for when measurements call for it. Playout begins <see cref="Delay"/>
/// behind the first packet and runs on the reader's clock, one <see cref="Read"/> per frame; it restarts on
/// a new SSRC or a timestamp jump of over a second. Thread-safe: the receive loop pushes, the consumer's
/// clock (recording, mixing) reads. Nothing is allocated per packet.
/// </summary>
public sealed class JitterBuffer
{
    /// <summary>Longest packet held, in samples (60 ms at 8 kHz); longer payloads are cut.</summary>
    public const int MaxPacketSamples = 480;

    private const int Slots = 16;
    private const int ResyncDistance = 8000; // one second of 8 kHz timestamps
    private const int ConcealableFrames = 1;

    private readonly Lock _gate = new();
    private readonly Slot[] _slots = new Slot[Slots];
    private readonly short[] _previous;
    private readonly int _delaySamples;
    private bool _started;
    private uint _ssrc;
    private uint _playout;
    private bool _havePrevious;
    private int _concealed;
    private bool _comfortNoise;
    private byte _noiseLevel;
    private uint _noiseState;
    private volatile bool _read;
    private long _late;
    private long _duplicates;
    private long _concealedFrames;
    private long _overflow;

    public JitterBuffer(TimeSpan? delay = null, int samplesPerFrame = 160)
    {
        Delay = delay ?? TimeSpan.FromMilliseconds(60);
        ArgumentOutOfRangeException.ThrowIfNegative(Delay.Ticks, nameof(delay));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(Delay, TimeSpan.FromMilliseconds(200), nameof(delay));
        _delaySamples = (int)(Delay.TotalSeconds * 8000);
        _previous = new short[samplesPerFrame];
        for (var i = 0; i < Slots; i++)
        {
            _slots[i] = new Slot();
        }
    }

    public TimeSpan Delay { get; }

    /// <summary>Packets dropped because their time had already been played.</summary>
    public long LatePackets => Interlocked.Read(ref _late);

    /// <summary>Packets dropped because the same timestamp was already held.</summary>
    public long DuplicatePackets => Interlocked.Read(ref _duplicates);

    /// <summary>Packets dropped because every slot was taken (a burst far ahead of playout, or nobody reading).</summary>
    public long OverflowPackets => Interlocked.Read(ref _overflow);

    /// <summary>Frames filled by repeating the previous one.</summary>
    public long ConcealedFrames => Interlocked.Read(ref _concealedFrames);

    /// <summary>Takes one received packet: G.711 audio (PT 0 or 8) or comfort noise (PT 13); others are ignored.</summary>
    public void Push(in RtpPacket packet)
    {
        bool noise = packet.PayloadType == ComfortNoise.PayloadType;
        if (!noise && packet.PayloadType is not ((byte)AudioCodec.Pcmu or (byte)AudioCodec.Pcma))
        {
            return;
        }

        byte level = 0;
        if (noise && !ComfortNoise.TryReadLevel(packet.Payload, out level))
        {
            return;
        }

        lock (_gate)
        {
            uint timestamp = packet.Timestamp;
            if (!_started || packet.Ssrc != _ssrc || Math.Abs((int)(timestamp - _playout)) > ResyncDistance)
            {
                Restart(packet.Ssrc, timestamp);
            }

            int samples = noise ? 0 : Math.Min(packet.Payload.Length, MaxPacketSamples);
            if ((int)(timestamp + (uint)Math.Max(samples, 1) - _playout) <= 0)
            {
                Interlocked.Increment(ref _late);
                return;
            }

            Slot? free = null;
            foreach (var slot in _slots)
            {
                if (slot.InUse && slot.Timestamp == timestamp && slot.IsNoise == noise)
                {
                    Interlocked.Increment(ref _duplicates);
                    return;
                }

                if (!slot.InUse)
                {
                    free ??= slot;
                }
            }

            if (free is null)
            {
                // Full: this packet is far ahead of playout, which only a burst after a stall causes.
                Interlocked.Increment(ref _overflow);
                return;
            }

            free.InUse = true;
            free.Timestamp = timestamp;
            free.IsNoise = noise;
            free.NoiseLevel = level;
            free.Length = samples;
            if (!noise)
            {
                G711.Decode((AudioCodec)packet.PayloadType, packet.Payload[..samples], free.Pcm);
            }
        }
    }

    /// <summary>True once something has read playout: until then a session does not fill it (nothing would play it).</summary>
    internal bool HasReader => _read;

    /// <summary>Fills <paramref name="frame"/> with the next frame of playout and says what it holds.</summary>
    public PlayoutFrame Read(Span<short> frame)
    {
        _read = true;
        lock (_gate)
        {
            frame.Clear();
            if (!_started)
            {
                return PlayoutFrame.Silence;
            }

            uint start = _playout;
            uint end = start + (uint)frame.Length;
            var covered = 0;
            foreach (var slot in _slots)
            {
                if (!slot.InUse || (int)(slot.Timestamp - end) >= 0)
                {
                    continue;
                }

                if (slot.IsNoise)
                {
                    // A CN packet marks the start of silence at its level; audio after it ends that.
                    _comfortNoise = true;
                    _noiseLevel = slot.NoiseLevel;
                    slot.InUse = false;
                    continue;
                }

                int from = Math.Max(0, (int)(start - slot.Timestamp));
                int to = Math.Min(slot.Length, (int)(end - slot.Timestamp));
                if (to > from)
                {
                    int at = (int)(slot.Timestamp + (uint)from - start);
                    slot.Pcm.AsSpan(from, to - from).CopyTo(frame[at..]);
                    covered += to - from;
                }

                if ((int)(slot.Timestamp + (uint)slot.Length - end) <= 0)
                {
                    slot.InUse = false;
                }
            }

            _playout = end;
            if (covered > 0)
            {
                _comfortNoise = false;
                _concealed = 0;
                Remember(frame);
                return PlayoutFrame.Audio;
            }

            if (_comfortNoise)
            {
                ComfortNoise.Fill(frame, _noiseLevel, ref _noiseState);
                return PlayoutFrame.ComfortNoise;
            }

            if (_havePrevious && _concealed < ConcealableFrames && _previous.Length == frame.Length)
            {
                _concealed++;
                Interlocked.Increment(ref _concealedFrames);
                for (var i = 0; i < frame.Length; i++)
                {
                    frame[i] = (short)(_previous[i] / 2);
                }

                return PlayoutFrame.Concealed;
            }

            _havePrevious = false;
            return PlayoutFrame.Silence;
        }
    }

    private void Remember(ReadOnlySpan<short> frame)
    {
        if (frame.Length == _previous.Length)
        {
            frame.CopyTo(_previous);
            _havePrevious = true;
        }
    }

    private void Restart(uint ssrc, uint timestamp)
    {
        _started = true;
        _ssrc = ssrc;
        _playout = timestamp - (uint)_delaySamples;
        _havePrevious = false;
        _concealed = 0;
        _comfortNoise = false;
        foreach (var slot in _slots)
        {
            slot.InUse = false;
        }
    }

    private sealed class Slot
    {
        public readonly short[] Pcm = new short[MaxPacketSamples];
        public bool InUse;
        public bool IsNoise;
        public byte NoiseLevel;
        public uint Timestamp;
        public int Length;
    }
}

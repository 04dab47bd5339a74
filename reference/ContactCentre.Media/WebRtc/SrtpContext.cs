using System.Buffers.Binary;
using System.Security.Cryptography;

namespace ContactCentre.Media.WebRtc;

/// <summary>
/// SRTP and SRTCP (RFC 3711) with AES_CM_128_HMAC_SHA1_80 for one direction of a session: one context protects what
/// we send under our master key, another unprotects what the peer sends under its key. Packets are transformed
/// in place in the caller's buffer; nothing is allocated per packet (a stream's state once, for a new SSRC).
/// Thread-safe by one lock, as the clock thread sends while a socket thread receives.
/// </summary>
public sealed class SrtpContext : IDisposable
{
    /// <summary>The 80-bit authentication tag (RFC 3711 §5.2).</summary>
    public const int AuthTagLength = 10;

    /// <summary>E flag and SRTCP index (32 bits) and the tag, appended to each RTCP packet (RFC 3711 §3.4).</summary>
    public const int RtcpTrailerLength = 4 + AuthTagLength;

    private const int MaxStreams = 32;
    private const uint EncryptedFlag = 0x80000000;
    private readonly Lock _gate = new();
    private readonly AesCounterMode _rtpCipher;
    private readonly AesCounterMode _rtcpCipher;
    private readonly IncrementalHash _rtpMac;
    private readonly IncrementalHash _rtcpMac;
    private readonly byte[] _rtpSalt;
    private readonly byte[] _rtcpSalt;
    private readonly Dictionary<uint, SrtpStream> _streams = [];

    public SrtpContext(ReadOnlySpan<byte> masterKey, ReadOnlySpan<byte> masterSalt)
    {
        var rtp = SrtpSessionKeys.ForRtp(masterKey, masterSalt);
        var rtcp = SrtpSessionKeys.ForRtcp(masterKey, masterSalt);
        _rtpCipher = new AesCounterMode(rtp.EncryptionKey);
        _rtcpCipher = new AesCounterMode(rtcp.EncryptionKey);
        _rtpMac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA1, rtp.AuthenticationKey);
        _rtcpMac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA1, rtcp.AuthenticationKey);
        _rtpSalt = rtp.Salt;
        _rtcpSalt = rtcp.Salt;
    }

    /// <summary>RTP packets refused: too short, replayed, too old, or failing authentication.</summary>
    public long RejectedPackets { get; private set; }

    /// <summary>
    /// Encrypts the payload of the RTP packet in <paramref name="buffer"/>[..<paramref name="length"/>] and appends the
    /// tag (RFC 3711 §3.3); the buffer needs <see cref="AuthTagLength"/> bytes to spare.
    /// </summary>
    public bool TryProtectRtp(Span<byte> buffer, int length, out int protectedLength)
    {
        protectedLength = 0;
        if (length + AuthTagLength > buffer.Length || !TryGetRtpHeaderLength(buffer[..length], out int header))
        {
            return false;
        }

        ushort sequence = BinaryPrimitives.ReadUInt16BigEndian(buffer[2..]);
        uint ssrc = BinaryPrimitives.ReadUInt32BigEndian(buffer[8..]);
        lock (_gate)
        {
            var stream = StreamFor(ssrc);
            if (stream is null)
            {
                return false;
            }

            // §3.3.1: the sender's ROC counts wraps of its own sequence number.
            if (stream.RtpStarted && sequence < stream.HighestSequence && stream.HighestSequence - sequence > 0x8000)
            {
                stream.RolloverCounter++;
            }

            if (!stream.RtpStarted || IsNewer(sequence, stream.HighestSequence))
            {
                stream.HighestSequence = sequence;
            }

            stream.RtpStarted = true;
            long index = ((long)stream.RolloverCounter << 16) | sequence;
            ApplyKeystream(_rtpCipher, _rtpSalt, ssrc, index, buffer[header..length]);
            WriteRtpTag(buffer[..length], stream.RolloverCounter, buffer.Slice(length, AuthTagLength));
        }

        protectedLength = length + AuthTagLength;
        return true;
    }

    /// <summary>Authenticates, checks for replay, and decrypts an SRTP packet in place (RFC 3711 §3.3).</summary>
    public bool TryUnprotectRtp(Span<byte> packet, out int length)
    {
        length = 0;
        int body = packet.Length - AuthTagLength;
        lock (_gate)
        {
            if (body < 12 || !TryGetRtpHeaderLength(packet[..body], out int header))
            {
                RejectedPackets++;
                return false;
            }

            ushort sequence = BinaryPrimitives.ReadUInt16BigEndian(packet[2..]);
            uint ssrc = BinaryPrimitives.ReadUInt32BigEndian(packet[8..]);
            _streams.TryGetValue(ssrc, out var stream);
            long guess = EstimateRolloverCounter(stream, sequence);
            long index = (guess << 16) | sequence;
            Span<byte> tag = stackalloc byte[AuthTagLength];
            if (guess < 0 || guess > uint.MaxValue || (stream is not null && !stream.RtpReplay.IsFresh(index)))
            {
                RejectedPackets++;
                return false;
            }

            WriteRtpTag(packet[..body], (uint)guess, tag);
            if (!CryptographicOperations.FixedTimeEquals(tag, packet[body..]))
            {
                RejectedPackets++;
                return false;
            }

            stream ??= StreamFor(ssrc);
            if (stream is null)
            {
                RejectedPackets++;
                return false;
            }

            ApplyKeystream(_rtpCipher, _rtpSalt, ssrc, index, packet[header..body]);
            if (!stream.RtpStarted || index > stream.RtpReplay.Highest)
            {
                stream.RolloverCounter = (uint)guess;
                stream.HighestSequence = sequence;
            }

            stream.RtpStarted = true;
            stream.RtpReplay.Accept(index);
        }

        length = body;
        return true;
    }

    /// <summary>
    /// Encrypts an RTCP compound packet after its first 8 bytes and appends E‖SRTCP index and the tag (RFC 3711 §3.4);
    /// the buffer needs <see cref="RtcpTrailerLength"/> bytes to spare.
    /// </summary>
    public bool TryProtectRtcp(Span<byte> buffer, int length, out int protectedLength)
    {
        protectedLength = 0;
        if (length < 8 || length + RtcpTrailerLength > buffer.Length)
        {
            return false;
        }

        uint ssrc = BinaryPrimitives.ReadUInt32BigEndian(buffer[4..]);
        lock (_gate)
        {
            var stream = StreamFor(ssrc);
            if (stream is null)
            {
                return false;
            }

            uint index = stream.NextRtcpIndex;
            stream.NextRtcpIndex = (index + 1) & 0x7FFFFFFF;
            ApplyKeystream(_rtcpCipher, _rtcpSalt, ssrc, index, buffer[8..length]);
            BinaryPrimitives.WriteUInt32BigEndian(buffer[length..], EncryptedFlag | index);
            WriteRtcpTag(buffer[..(length + 4)], buffer.Slice(length + 4, AuthTagLength));
        }

        protectedLength = length + RtcpTrailerLength;
        return true;
    }

    /// <summary>Authenticates, checks for replay, and decrypts an SRTCP packet in place (RFC 3711 §3.4).</summary>
    public bool TryUnprotectRtcp(Span<byte> packet, out int length)
    {
        length = 0;
        int body = packet.Length - RtcpTrailerLength;
        lock (_gate)
        {
            if (body < 8)
            {
                RejectedPackets++;
                return false;
            }

            uint ssrc = BinaryPrimitives.ReadUInt32BigEndian(packet[4..]);
            uint flagAndIndex = BinaryPrimitives.ReadUInt32BigEndian(packet[body..]);
            long index = flagAndIndex & 0x7FFFFFFF;
            _streams.TryGetValue(ssrc, out var stream);
            Span<byte> tag = stackalloc byte[AuthTagLength];
            WriteRtcpTag(packet[..(body + 4)], tag);
            if ((stream is not null && !stream.RtcpReplay.IsFresh(index)) || !CryptographicOperations.FixedTimeEquals(tag, packet[(body + 4)..]))
            {
                RejectedPackets++;
                return false;
            }

            stream ??= StreamFor(ssrc);
            if (stream is null)
            {
                RejectedPackets++;
                return false;
            }

            if ((flagAndIndex & EncryptedFlag) != 0)
            {
                ApplyKeystream(_rtcpCipher, _rtcpSalt, ssrc, index, packet[8..body]);
            }

            stream.RtcpReplay.Accept(index);
        }

        length = body;
        return true;
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _rtpCipher.Dispose();
            _rtcpCipher.Dispose();
            _rtpMac.Dispose();
            _rtcpMac.Dispose();
        }
    }

    /// <summary>RFC 3550 §5.1: fixed header, CSRCs, then the extension if X is set.</summary>
    internal static bool TryGetRtpHeaderLength(ReadOnlySpan<byte> packet, out int length)
    {
        length = 0;
        if (packet.Length < 12 || packet[0] >> 6 != 2)
        {
            return false;
        }

        length = 12 + (4 * (packet[0] & 0x0F));
        if ((packet[0] & 0x10) != 0)
        {
            if (packet.Length < length + 4)
            {
                return false;
            }

            length += 4 + (4 * BinaryPrimitives.ReadUInt16BigEndian(packet[(length + 2)..]));
        }

        return length <= packet.Length;
    }

    /// <summary>RFC 3711 §3.3.1: the ROC the sender most likely used, from the highest sequence number seen (s_l).</summary>
    private static long EstimateRolloverCounter(SrtpStream? stream, ushort sequence)
    {
        if (stream is null || !stream.RtpStarted)
        {
            return 0;
        }

        long roc = stream.RolloverCounter;
        int highest = stream.HighestSequence;
        if (highest < 0x8000)
        {
            return sequence - highest > 0x8000 ? roc - 1 : roc;
        }

        return highest - 0x8000 > sequence ? roc + 1 : roc;
    }

    private static bool IsNewer(ushort sequence, ushort than) => (ushort)(sequence - than) is > 0 and < 0x8000;

    /// <summary>RFC 3711 §4.1.1: IV = (k_s·2¹⁶) XOR (SSRC·2⁶⁴) XOR (i·2¹⁶).</summary>
    private static void ApplyKeystream(AesCounterMode cipher, byte[] salt, uint ssrc, long index, Span<byte> data)
    {
        Span<byte> iv = stackalloc byte[AesCounterMode.BlockLength];
        salt.CopyTo(iv);
        iv[14] = 0;
        iv[15] = 0;
        BinaryPrimitives.WriteUInt32BigEndian(iv[4..], BinaryPrimitives.ReadUInt32BigEndian(iv[4..]) ^ ssrc);
        for (var i = 0; i < 6; i++)
        {
            iv[8 + i] ^= (byte)(index >> (8 * (5 - i)));
        }

        cipher.Apply(iv, data);
    }

    /// <summary>RFC 3711 §4.2: HMAC-SHA1 over the authenticated portion ‖ ROC, truncated to 80 bits.</summary>
    private void WriteRtpTag(ReadOnlySpan<byte> authenticated, uint rolloverCounter, Span<byte> tag)
    {
        Span<byte> roc = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(roc, rolloverCounter);
        Span<byte> mac = stackalloc byte[20];
        _rtpMac.AppendData(authenticated);
        _rtpMac.AppendData(roc);
        _rtpMac.GetHashAndReset(mac);
        mac[..AuthTagLength].CopyTo(tag);
    }

    private void WriteRtcpTag(ReadOnlySpan<byte> authenticated, Span<byte> tag)
    {
        Span<byte> mac = stackalloc byte[20];
        _rtcpMac.AppendData(authenticated);
        _rtcpMac.GetHashAndReset(mac);
        mac[..AuthTagLength].CopyTo(tag);
    }

    private SrtpStream? StreamFor(uint ssrc)
    {
        if (_streams.TryGetValue(ssrc, out var stream))
        {
            return stream;
        }

        if (_streams.Count >= MaxStreams)
        {
            return null;
        }

        stream = new SrtpStream();
        _streams.Add(ssrc, stream);
        return stream;
    }

    /// <summary>Per-SSRC state: ROC and s_l for RTP, the SRTCP index we send, and both replay windows.</summary>
    private sealed class SrtpStream
    {
        public bool RtpStarted;
        public uint RolloverCounter;
        public ushort HighestSequence;
        public uint NextRtcpIndex;
        public SrtpReplayWindow RtpReplay;
        public SrtpReplayWindow RtcpReplay;
    }
}

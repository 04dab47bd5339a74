using System.Net;

namespace ContactCentre.Media;

/// <summary>
/// What sits between an <see cref="RtpSession"/> and its socket when the leg is secured (a WebRTC leg: SRTP, with
/// STUN and DTLS on the same port). Protect runs on the sending thread under the session's send lock; accept runs on
/// the receive loop; neither may throw for anything a peer sends.
/// </summary>
internal interface IPacketTransform
{
    /// <summary>Bytes <see cref="TryProtect"/> may add to a packet.</summary>
    int MaxOverhead { get; }

    /// <summary>
    /// Protects the RTP packet or RTCP compound in <paramref name="buffer"/>[..<paramref name="length"/>] in place;
    /// false to send nothing.
    /// </summary>
    bool TryProtect(Span<byte> buffer, int length, out int protectedLength);

    /// <summary>
    /// Takes every datagram received. True with the plain RTP packet or RTCP compound when it is for the session;
    /// false when the transform consumed it (STUN, DTLS) or refused it.
    /// </summary>
    bool TryAccept(Span<byte> datagram, SocketAddress from, out Span<byte> rtp);
}

namespace ContactCentre.Media;

/// <summary>
/// The sender information of an RTCP SR (RFC 3550 §6.4.1): wallclock as a 64-bit NTP timestamp, the RTP
/// timestamp of the same instant, and the packets and payload octets sent so far.
/// </summary>
public readonly record struct RtcpSenderInfo(ulong NtpTimestamp, uint RtpTimestamp, uint PacketCount, uint OctetCount)
{
    private static readonly DateTime NtpEpoch = new(1900, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>§4: seconds since 1 Jan 1900 in the high 32 bits, the fraction in the low 32.</summary>
    public static ulong ToNtp(DateTime utc)
    {
        var since = utc - NtpEpoch;
        ulong seconds = (ulong)since.Ticks / TimeSpan.TicksPerSecond;
        ulong fraction = ((ulong)since.Ticks % TimeSpan.TicksPerSecond << 32) / TimeSpan.TicksPerSecond;
        return (seconds << 32) | fraction;
    }
}

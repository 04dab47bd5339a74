namespace ContactCentre.Sip;

/// <summary>An RTP payload format of an m= line (RFC 4566 §6 rtpmap/fmtp).</summary>
public sealed record SdpFormat(int PayloadType, string EncodingName, int ClockRate, string? Fmtp = null)
{
    public static SdpFormat Pcmu { get; } = new(0, "PCMU", 8000);

    public static SdpFormat Pcma { get; } = new(8, "PCMA", 8000);

    public static SdpFormat TelephoneEvent { get; } = new(101, "telephone-event", 8000, "0-16");

    public bool IsTelephoneEvent => string.Equals(EncodingName, "telephone-event", StringComparison.OrdinalIgnoreCase);

    /// <summary>Static payload types of RFC 3551 table 4 that may appear without an rtpmap.</summary>
    internal static SdpFormat? Static(int payloadType) => payloadType switch
    {
        0 => Pcmu,
        3 => new(3, "GSM", 8000),
        4 => new(4, "G723", 8000),
        8 => Pcma,
        9 => new(9, "G722", 8000),
        13 => new(13, "CN", 8000),
        18 => new(18, "G729", 8000),
        _ => null,
    };
}

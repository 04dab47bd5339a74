namespace ContactCentre.Media;

/// <summary>A narrowband audio codec; the value is its static RTP payload type (RFC 3551 §6, table 4).</summary>
public enum AudioCodec
{
    Pcmu = 0,
    Pcma = 8,
}

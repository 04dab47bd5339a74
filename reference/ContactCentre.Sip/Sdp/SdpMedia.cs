namespace ContactCentre.Sip;

/// <summary>One media description (RFC 4566 §5.14) with the attributes this library understands.</summary>
public sealed class SdpMedia
{
    public string Media { get; init; } = "audio";

    public int Port { get; init; }

    public string Protocol { get; init; } = "RTP/AVP";

    public IReadOnlyList<SdpFormat> Formats { get; init; } = [];

    /// <summary>sendrecv, sendonly, recvonly or inactive (RFC 3264 §5.1); sendrecv when absent.</summary>
    public string Direction { get; init; } = "sendrecv";

    public int? Ptime { get; init; }

    /// <summary>The media-level c= address, if any.</summary>
    public string? ConnectionAddress { get; init; }

    /// <summary>Attributes kept verbatim (without "a="), e.g. "rtcp-mux".</summary>
    public IReadOnlyList<string> OtherAttributes { get; init; } = [];
}

namespace ContactCentre.Media;

/// <summary>
/// An RTCP sender or receiver report as received (RFC 3550 §6.4): who sent it, its sender information if it
/// was an SR, and its reception report blocks, i.e. how the far end hears the sources it names.
/// </summary>
public sealed record RtcpReport(uint Ssrc, RtcpSenderInfo? SenderInfo, IReadOnlyList<RtcpReportBlock> Blocks, TimeSpan ReceivedAt)
{
    /// <summary>The block about <paramref name="ssrc"/> (ours, normally), if the report has one.</summary>
    public RtcpReportBlock? BlockFor(uint ssrc)
    {
        foreach (var block in Blocks)
        {
            if (block.Ssrc == ssrc)
            {
                return block;
            }
        }

        return null;
    }
}

namespace ContactCentre.Media.Tests.Rtp;

[Trait("Category", "Unit")]
public sealed class RtcpCompoundTests
{
    private static readonly RtcpReportBlock Block = new(0xCAFEBABE, 56, -3, 0x0001_0005, 40, 0x3344_5566, 32768);

    [Fact]
    public void A_sender_report_is_laid_out_as_rfc_3550_section_6_4_1()
    {
        var buffer = new byte[200];
        var info = new RtcpSenderInfo(0x1122_3344_5566_7788, 16000, 50, 8000);

        int length = RtcpCompound.Write(buffer, 0xDEADBEEF, info, [Block], "cc@example", goodbye: false);

        // SR: V=2 RC=1, PT 200, length 12 words - 1 ... (8 + 20 + 24 = 52 bytes = 13 words).
        Assert.Equal(new byte[] { 0x81, 200, 0, 12, 0xDE, 0xAD, 0xBE, 0xEF, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88 }, buffer[..16]);
        // Report block: SSRC, fraction 56, cumulative -3 as 24-bit two's complement.
        Assert.Equal(new byte[] { 0xCA, 0xFE, 0xBA, 0xBE, 56, 0xFF, 0xFF, 0xFD }, buffer[28..36]);
        // SDES: SC=1, PT 202, CNAME item 1 with its length; 4 + 4 + 2 + 10 + 1 → padded to 24 bytes.
        Assert.Equal(new byte[] { 0x81, 202, 0, 5, 0xDE, 0xAD, 0xBE, 0xEF, 1, 10 }, buffer[52..62]);
        Assert.Equal(52 + 24, length);
        Assert.Equal(0, length % 4);
    }

    [Fact]
    public void Reports_and_bye_round_trip()
    {
        var buffer = new byte[200];
        var info = new RtcpSenderInfo(0x1122_3344_5566_7788, 16000, 50, 8000);
        int length = RtcpCompound.Write(buffer, 0xDEADBEEF, info, [Block], "cc@example", goodbye: true);
        var reports = new List<RtcpReport>();
        var goodbyes = new List<uint>();

        Assert.True(RtcpCompound.TryRead(buffer.AsSpan(0, length), TimeSpan.FromSeconds(3), reports, goodbyes));

        var report = Assert.Single(reports);
        Assert.Equal(0xDEADBEEFu, report.Ssrc);
        Assert.Equal(info, report.SenderInfo);
        Assert.Equal(Block, report.BlockFor(0xCAFEBABE));
        Assert.Equal([0xDEADBEEFu], goodbyes);
    }

    [Fact]
    public void A_receiver_report_has_no_sender_info()
    {
        var buffer = new byte[200];
        int length = RtcpCompound.Write(buffer, 7, null, [Block], "x", goodbye: false);
        var reports = new List<RtcpReport>();

        Assert.Equal(201, buffer[1]);
        Assert.True(RtcpCompound.TryRead(buffer.AsSpan(0, length), TimeSpan.Zero, reports, []));
        Assert.Null(Assert.Single(reports).SenderInfo);
        Assert.Equal(Block, reports[0].Blocks[0]);
    }

    [Fact]
    public void Truncated_or_foreign_datagrams_are_refused_without_throwing()
    {
        var buffer = new byte[200];
        int length = RtcpCompound.Write(buffer, 7, null, [Block], "x", goodbye: true);
        var reports = new List<RtcpReport>();

        for (var cut = 0; cut < length; cut++)
        {
            RtcpCompound.TryRead(buffer.AsSpan(0, cut), TimeSpan.Zero, reports, []);
        }

        Assert.All(reports, r => Assert.Equal(Block, r.Blocks[0]));
        Assert.False(RtcpCompound.TryRead(buffer.AsSpan(0, length - 4), TimeSpan.Zero, reports, []));
    }

    [Fact]
    public void Random_datagrams_that_look_like_rtcp_never_throw()
    {
        var random = new Random(4711);
        var reports = new List<RtcpReport>();
        var goodbyes = new List<uint>();
        var datagram = new byte[120];
        for (var i = 0; i < 20_000; i++)
        {
            random.NextBytes(datagram);
            datagram[0] = (byte)(0x80 | (datagram[0] & 0x3F));
            datagram[1] = (byte)(200 + (datagram[1] % 5));
            datagram[3] = (byte)(datagram[3] % 32);
            RtcpCompound.TryRead(datagram.AsSpan(0, 8 + random.Next(datagram.Length - 8)), TimeSpan.Zero, reports, goodbyes);
        }

        Assert.All(reports, r => Assert.True(r.Blocks.Count <= 31));
    }

    [Theory]
    [InlineData(0x80, 200, true)] // SR
    [InlineData(0x80, 201, true)] // RR
    [InlineData(0x80, 0, false)] // PCMU
    [InlineData(0x80, 0x80 | 101, false)] // telephone-event with the marker bit
    [InlineData(0x80, 0x80 | 8, false)] // PCMA with the marker bit
    public void Rtcp_is_told_from_rtp_on_a_muxed_port_by_rfc_5761(byte first, int second, bool rtcp)
    {
        byte[] datagram = [first, (byte)second, 0, 1, 0, 0, 0, 0];
        Assert.Equal(rtcp, RtcpCompound.LooksLikeRtcp(datagram));
    }

    [Fact]
    public void Ntp_time_counts_from_1900()
    {
        ulong ntp = RtcpSenderInfo.ToNtp(new DateTime(1900, 1, 1, 0, 0, 1, 500, DateTimeKind.Utc));
        Assert.Equal((1UL << 32) | 0x8000_0000UL, ntp);
    }
}

namespace ContactCentre.Media.Tests.Rtp;

/// <summary>RFC 3550 A.1/A.3/A.8 receive statistics fed hand-made packet sequences in virtual time.</summary>
[Trait("Category", "Unit")]
public sealed class ReceptionStatisticsTests
{
    private const uint Source = 0x1234;
    private static readonly TimeSpan Frame = TimeSpan.FromMilliseconds(20);

    [Fact]
    public void Extended_highest_sequence_counts_the_wrap()
    {
        var statistics = new ReceptionStatistics();
        ushort[] sequences = [65533, 65534, 65535, 0, 1];
        for (var i = 0; i < sequences.Length; i++)
        {
            statistics.Record(Source, sequences[i], (uint)(i * 160), i * Frame);
        }

        var report = statistics.TakeReport(sequences.Length * Frame)!.Value;

        Assert.Equal((1u << 16) + 1, report.ExtendedHighestSequence);
        Assert.Equal(0, report.CumulativeLost);
        Assert.Equal(0, report.FractionLost);
    }

    [Fact]
    public void Lost_packets_give_cumulative_and_fraction_lost_per_interval()
    {
        var statistics = new ReceptionStatistics();
        // 100 starts probation, 101 makes the source valid: counting starts at 101 (A.1).
        foreach (ushort sequence in new ushort[] { 100, 101, 102, 104, 106, 107, 108, 109 })
        {
            statistics.Record(Source, sequence, sequence * 160u, (sequence - 100) * Frame);
        }

        var first = statistics.TakeReport(TimeSpan.FromSeconds(1))!.Value;
        statistics.Record(Source, 110, 110 * 160, 10 * Frame);
        statistics.Record(Source, 111, 111 * 160, 11 * Frame);
        var second = statistics.TakeReport(TimeSpan.FromSeconds(2))!.Value;

        // 101..109 expected (9), 7 received: 2 lost, 2/9 of 256 = 56.
        Assert.Equal(2, first.CumulativeLost);
        Assert.Equal(56, first.FractionLost);
        Assert.Equal(2, second.CumulativeLost);
        Assert.Equal(0, second.FractionLost);
        Assert.Equal(111u, second.ExtendedHighestSequence);
    }

    [Fact]
    public void Reordered_packets_are_not_lost()
    {
        var statistics = new ReceptionStatistics();
        foreach (ushort sequence in new ushort[] { 1, 2, 4, 3, 5 })
        {
            statistics.Record(Source, sequence, sequence * 160u, sequence * Frame);
        }

        var report = statistics.TakeReport(TimeSpan.FromSeconds(1))!.Value;

        Assert.Equal(0, report.CumulativeLost);
        Assert.Equal(5u, report.ExtendedHighestSequence);
    }

    [Fact]
    public void Jitter_follows_the_rfc_3550_estimator()
    {
        var statistics = new ReceptionStatistics();
        double expected = 0;
        double previousTransit = 0;
        for (var i = 0; i < 200; i++)
        {
            // Every other packet 5 ms late: |D| is 40 timestamp units each time.
            var arrival = (i * Frame) + (i % 2 == 1 ? TimeSpan.FromMilliseconds(5) : TimeSpan.Zero);
            uint timestamp = 5000 + ((uint)i * 160);
            statistics.Record(Source, (ushort)i, timestamp, arrival);
            double transit = (arrival.TotalSeconds * 8000) - timestamp;
            if (i > 0)
            {
                expected += (Math.Abs(transit - previousTransit) - expected) / 16;
            }

            previousTransit = transit;
        }

        var report = statistics.TakeReport(TimeSpan.FromSeconds(5))!.Value;

        Assert.InRange(expected, 39, 40);
        Assert.InRange((double)report.Jitter, expected - 1, expected + 1);
    }

    [Fact]
    public void Telephone_event_packets_sharing_one_timestamp_add_no_jitter()
    {
        var statistics = new ReceptionStatistics();
        for (ushort s = 0; s < 20; s++)
        {
            // RFC 4733: every packet of the event carries the event's start timestamp.
            statistics.Record(Source, s, 8000, s * Frame, sampledNow: false);
        }

        Assert.Equal(0u, statistics.TakeReport(TimeSpan.FromSeconds(1))!.Value.Jitter);
    }

    [Fact]
    public void A_new_ssrc_starts_counting_afresh()
    {
        var statistics = new ReceptionStatistics();
        for (ushort s = 10; s < 20; s += 2)
        {
            statistics.Record(Source, s, s * 160u, s * Frame);
        }

        for (ushort s = 500; s < 505; s++)
        {
            statistics.Record(Source + 1, s, s * 160u, s * Frame);
        }

        var report = statistics.TakeReport(TimeSpan.FromSeconds(1))!.Value;

        Assert.Equal(Source + 1, report.Ssrc);
        Assert.Equal(0, report.CumulativeLost);
        Assert.Equal(504u, report.ExtendedHighestSequence);
    }

    [Fact]
    public void Last_sender_report_and_delay_since_are_reported_in_rfc_units()
    {
        var statistics = new ReceptionStatistics();
        statistics.Record(Source, 1, 160, Frame);
        statistics.Record(Source, 2, 320, 2 * Frame);
        statistics.RecordSenderReport(Source, 0x1122_3344_5566_7788, TimeSpan.FromSeconds(1));

        var report = statistics.TakeReport(TimeSpan.FromSeconds(1.5))!.Value;

        Assert.Equal(0x3344_5566u, report.LastSenderReport);
        Assert.Equal(32768u, report.DelaySinceLastSenderReport);
    }
}

namespace ContactCentre.Media.Tests.Rtp;

/// <summary>RFC 4733 event packet sequences, as a lossy, reordering network delivers them, in virtual time.</summary>
[Trait("Category", "Unit")]
public sealed class DtmfDetectorTests
{
    private readonly DtmfDetector _detector = new();
    private readonly List<DtmfDigit> _digits = [];
    private TimeSpan _now;

    [Fact]
    public void Reports_an_event_once_on_its_first_end_packet_with_its_duration()
    {
        Feed(1000, Event(1, end: false, 160));
        Feed(1000, Event(1, end: false, 320));
        Assert.Empty(_digits);
        Feed(1000, Event(1, end: true, 800));
        Feed(1000, Event(1, end: true, 800));
        Feed(1000, Event(1, end: true, 800));
        Expire(TimeSpan.FromSeconds(5));

        Assert.Equal([Digit('1', 100)], _digits);
    }

    [Fact]
    public void Reports_an_event_whose_end_was_lost_when_the_next_event_starts()
    {
        Feed(1000, Event(11, end: false, 160));
        Feed(1000, Event(11, end: false, 480));
        Feed(2000, Event(10, end: false, 160));
        Feed(2000, Event(10, end: true, 800));

        Assert.Equal([Digit('#', 60), Digit('*', 100)], _digits);
    }

    [Fact]
    public void Reports_an_event_whose_end_was_lost_after_the_timeout()
    {
        Feed(1000, Event(5, end: false, 160));
        Feed(1000, Event(5, end: false, 640));
        Expire(DtmfDetector.Timeout / 2);
        Assert.Empty(_digits);

        Expire(DtmfDetector.Timeout);
        Feed(1000, Event(5, end: true, 800)); // a straggler after the timeout: already reported

        Assert.Equal([Digit('5', 80)], _digits);
    }

    [Fact]
    public void A_reordered_older_update_does_not_shorten_an_event_that_times_out()
    {
        Feed(1000, Event(3, end: false, 160));
        Feed(1000, Event(3, end: false, 640));
        Feed(1000, Event(3, end: false, 480)); // overtaken by the 640 update
        Expire(DtmfDetector.Timeout);

        Assert.Equal([Digit('3', 80)], _digits);
    }

    [Fact]
    public void Ignores_a_late_end_packet_of_an_earlier_event()
    {
        Feed(1000, Event(2, end: true, 800));
        Feed(2000, Event(3, end: true, 800));
        Feed(1000, Event(2, end: true, 800));

        Assert.Equal([Digit('2', 100), Digit('3', 100)], _digits);
    }

    [Fact]
    public void Starts_from_a_later_packet_when_the_first_ones_are_lost()
    {
        Feed(4000, Event(7, end: false, 480));
        Feed(4000, Event(7, end: true, 960));

        Assert.Equal([Digit('7', 120)], _digits);
    }

    [Fact]
    public void Reordered_packets_of_one_event_give_one_digit_with_the_end_duration()
    {
        Feed(1000, Event(9, end: false, 160));
        Feed(1000, Event(9, end: true, 1200));
        Feed(1000, Event(9, end: false, 800)); // overtaken by its end
        Feed(1000, Event(9, end: false, 480));
        Feed(1000, Event(9, end: true, 1200));

        Assert.Equal([Digit('9', 150)], _digits);
    }

    [Fact]
    public void A_whole_event_arriving_after_a_later_one_is_still_reported()
    {
        Feed(3000, Event(4, end: false, 160));
        Feed(3000, Event(4, end: true, 400));
        Feed(1000, Event(6, end: true, 560));
        Feed(3000, Event(4, end: true, 400));

        Assert.Equal([Digit('4', 50), Digit('6', 70)], _digits);
    }

    [Fact]
    public void The_same_key_pressed_twice_is_two_digits_told_apart_by_timestamp()
    {
        foreach (uint timestamp in new uint[] { 1000, 2600 })
        {
            Feed(timestamp, Event(0, end: false, 160));
            Feed(timestamp, Event(0, end: true, 640));
            Feed(timestamp, Event(0, end: true, 640));
            Feed(timestamp, Event(0, end: true, 640));
        }

        Assert.Equal([Digit('0', 80), Digit('0', 80)], _digits);
    }

    [Fact]
    public void An_event_whose_end_packets_are_all_lost_and_the_next_with_the_same_key_are_both_reported()
    {
        Feed(1000, Event(8, end: false, 160));
        Feed(1000, Event(8, end: false, 320));
        Feed(3000, Event(8, end: false, 160));
        Feed(3000, Event(8, end: true, 320));

        Assert.Equal([Digit('8', 40), Digit('8', 40)], _digits);
    }

    [Fact]
    public void Timestamps_wrapping_past_zero_are_new_events()
    {
        Feed(uint.MaxValue - 100, Event(1, end: true, 400));
        Feed(60, Event(2, end: true, 400));

        Assert.Equal([Digit('1', 50), Digit('2', 50)], _digits);
    }

    [Theory]
    [InlineData('0', 0)]
    [InlineData('9', 9)]
    [InlineData('*', 10)]
    [InlineData('#', 11)]
    [InlineData('A', 12)]
    [InlineData('D', 15)]
    public void Digits_map_to_rfc4733_event_codes(char digit, byte code)
    {
        Assert.True(TelephoneEvent.TryGetEventCode(digit, out var actual));
        Assert.Equal(code, actual);
        Assert.True(TelephoneEvent.TryGetDigit(code, out var back));
        Assert.Equal(digit, back);
    }

    [Fact]
    public void Event_payload_round_trips()
    {
        var buffer = new byte[4];
        new TelephoneEvent(11, End: true, Volume: 10, Duration: 800).WriteTo(buffer);

        Assert.Equal(new byte[] { 11, 0x8A, 0x03, 0x20 }, buffer);
        Assert.True(TelephoneEvent.TryParse(buffer, out var parsed));
        Assert.Equal(new TelephoneEvent(11, true, 10, 800), parsed);
    }

    private static TelephoneEvent Event(byte code, bool end, ushort duration) => new(code, end, 10, duration);

    private static DtmfDigit Digit(char key, int milliseconds) => new(key, TimeSpan.FromMilliseconds(milliseconds), DtmfSignalling.TelephoneEvent);

    private void Feed(uint timestamp, TelephoneEvent telephoneEvent)
    {
        // Packets arrive 20 ms apart in virtual time.
        _now += TimeSpan.FromMilliseconds(20);
        Span<DtmfDigit> found = stackalloc DtmfDigit[2];
        int count = _detector.Accept(timestamp, telephoneEvent, _now, found);
        _digits.AddRange(found[..count].ToArray());
    }

    private void Expire(TimeSpan after)
    {
        Span<DtmfDigit> found = stackalloc DtmfDigit[1];
        int count = _detector.Expire(_now + after, found);
        _digits.AddRange(found[..count].ToArray());
    }
}

namespace ContactCentre.Media.Tests.Rtp;

[Trait("Category", "Unit")]
public sealed class DtmfDetectorTests
{
    [Fact]
    public void Reports_an_event_once_on_its_first_end_packet()
    {
        var detector = new DtmfDetector();
        var digits = new List<char>();

        Feed(detector, digits, 1000, Event(1, end: false, 160));
        Feed(detector, digits, 1000, Event(1, end: false, 320));
        Assert.Empty(digits);
        Feed(detector, digits, 1000, Event(1, end: true, 800));
        Feed(detector, digits, 1000, Event(1, end: true, 800));
        Feed(detector, digits, 1000, Event(1, end: true, 800));

        Assert.Equal(['1'], digits);
    }

    [Fact]
    public void Reports_an_event_whose_end_was_lost_when_the_next_event_starts()
    {
        var detector = new DtmfDetector();
        var digits = new List<char>();

        Feed(detector, digits, 1000, Event(11, end: false, 160));
        Feed(detector, digits, 2000, Event(10, end: false, 160));
        Feed(detector, digits, 2000, Event(10, end: true, 800));

        Assert.Equal(['#', '*'], digits);
    }

    [Fact]
    public void Ignores_a_late_end_packet_of_an_earlier_event()
    {
        var detector = new DtmfDetector();
        var digits = new List<char>();

        Feed(detector, digits, 1000, Event(2, end: true, 800));
        Feed(detector, digits, 2000, Event(3, end: true, 800));
        Feed(detector, digits, 1000, Event(2, end: true, 800));

        Assert.Equal(['2', '3'], digits);
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

    private static void Feed(DtmfDetector detector, List<char> digits, uint timestamp, TelephoneEvent telephoneEvent)
    {
        Span<char> found = stackalloc char[2];
        int count = detector.Accept(timestamp, telephoneEvent, found);
        digits.AddRange(found[..count].ToArray());
    }
}

using ContactCentre.Host.Desktop;

namespace ContactCentre.Host.Tests.Desktop;

[Trait("Category", "Unit")]
public sealed class LoginThrottleTests
{
    private sealed class Clock(DateTimeOffset start) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = start;
        public override DateTimeOffset GetUtcNow() => Now;
    }

    private readonly Clock _clock = new(new DateTimeOffset(2026, 11, 28, 9, 0, 0, TimeSpan.Zero));

    [Fact]
    public void An_address_is_refused_after_its_failures_within_the_window_until_the_oldest_is_a_window_old()
    {
        var throttle = new LoginThrottle(_clock, maxFailures: 3, window: TimeSpan.FromMinutes(5));
        throttle.Failed("192.0.2.7:50001");
        _clock.Now += TimeSpan.FromMinutes(1);
        throttle.Failed("192.0.2.7:50002");
        Assert.Null(throttle.Wait("192.0.2.7:50003"));
        throttle.Failed("192.0.2.7:50003");

        Assert.Equal(TimeSpan.FromMinutes(4), throttle.Wait("192.0.2.7:50004"));
        Assert.Null(throttle.Wait("192.0.2.8:50004"));
        _clock.Now += TimeSpan.FromMinutes(4);
        Assert.Null(throttle.Wait("192.0.2.7:50005"));
    }

    [Fact]
    public void Ports_do_not_matter_and_an_IPv4_mapped_address_is_the_IPv4_one()
    {
        var throttle = new LoginThrottle(_clock, maxFailures: 2);
        throttle.Failed("[::ffff:192.0.2.7]:50001");
        throttle.Failed("192.0.2.7:50002");
        Assert.NotNull(throttle.Wait("192.0.2.7:1"));
        Assert.NotNull(throttle.Wait("[::ffff:192.0.2.7]:2"));
        throttle.Failed("[2001:db8::1]:3");
        Assert.Null(throttle.Wait("[2001:db8::1]:4"));
        Assert.Null(throttle.Wait("not an address"));
    }
}

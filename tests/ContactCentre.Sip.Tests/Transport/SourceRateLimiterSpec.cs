using System.Net;

namespace ContactCentre.Sip.Tests;

[Trait("Category", "Unit")]
public sealed class SourceRateLimiterSpec
{
    private static readonly IPAddress Flooder = IPAddress.Parse("198.51.100.9");
    private static readonly IPAddress Neighbour = IPAddress.Parse("198.51.100.10");

    [Fact]
    public void A_burst_is_allowed_then_refused_then_dropped_when_far_over()
    {
        var limiter = new SourceRateLimiter(new SourceRateLimit(requestsPerSecond: 1, burst: 3), new ManualClock());

        var decisions = Enumerable.Range(0, 8).Select(attempt => limiter.Take(Flooder, out _)).ToList();

        Assert.Equal(
            [RateDecision.Allow, RateDecision.Allow, RateDecision.Allow, RateDecision.Reject, RateDecision.Reject,
             RateDecision.Reject, RateDecision.Drop, RateDecision.Drop],
            decisions);
        Assert.Equal(RateDecision.Allow, limiter.Take(Neighbour, out _));
    }

    [Fact]
    public void Tokens_come_back_with_time_and_retry_after_says_when()
    {
        var clock = new ManualClock();
        var limiter = new SourceRateLimiter(new SourceRateLimit(requestsPerSecond: 2, burst: 2), clock);
        limiter.Take(Flooder, out _);
        limiter.Take(Flooder, out _);

        Assert.Equal(RateDecision.Reject, limiter.Take(Flooder, out var retryAfter));
        Assert.Equal(TimeSpan.FromSeconds(1), retryAfter);
        clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(RateDecision.Allow, limiter.Take(Flooder, out _));
    }

    [Theory]
    [InlineData(0, 10)]
    [InlineData(-1, 10)]
    [InlineData(5, 0)]
    public void A_limit_that_could_never_admit_a_request_is_refused(double rate, int burst) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new SourceRateLimit(rate, burst));
}

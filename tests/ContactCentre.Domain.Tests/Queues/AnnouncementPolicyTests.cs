using ContactCentre.Domain.Queues;

namespace ContactCentre.Domain.Tests.Queues;

[Trait("Category", "Unit")]
public sealed class AnnouncementPolicyTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 27, 9, 0, 0, TimeSpan.Zero);

    private static WaitEstimate Estimate(int position, int ewtSeconds) => new("t", position, TimeSpan.FromSeconds(ewtSeconds), EwtMethod.Average);

    [Fact]
    public void The_first_announcement_is_at_once_with_the_ewt_rounded_up_to_minutes()
    {
        var policy = new AnnouncementPolicy(TimeSpan.FromMinutes(1), onlyWhenImproved: false);
        Assert.Equal(new Announcement(3, 3), policy.Next(AnnouncementState.None, Estimate(3, 130), T0));
        Assert.Equal(new Announcement(1, 0), policy.Next(AnnouncementState.None, Estimate(1, 0), T0));
    }

    [Fact]
    public void No_announcement_comes_sooner_than_the_minimum_interval_after_the_last()
    {
        var policy = new AnnouncementPolicy(TimeSpan.FromMinutes(1), onlyWhenImproved: false);
        var state = AnnouncementState.None.Announced(new Announcement(3, 3), T0);
        Assert.Null(policy.Next(state, Estimate(2, 100), T0.AddSeconds(59)));
        Assert.Equal(new Announcement(3, 3), policy.Next(state, Estimate(3, 150), T0.AddSeconds(60)));
    }

    [Fact]
    public void Only_when_improved_stays_silent_until_the_position_or_the_minutes_go_down()
    {
        var policy = new AnnouncementPolicy(TimeSpan.FromMinutes(1), onlyWhenImproved: true);
        var state = AnnouncementState.None.Announced(new Announcement(3, 3), T0);
        Assert.Null(policy.Next(state, Estimate(3, 170), T0.AddMinutes(2)));
        Assert.Null(policy.Next(state, Estimate(4, 200), T0.AddMinutes(2)));
        Assert.Equal(new Announcement(2, 3), policy.Next(state, Estimate(2, 170), T0.AddMinutes(2)));
        Assert.Equal(new Announcement(3, 2), policy.Next(state, Estimate(3, 110), T0.AddMinutes(2)));
    }

    [Fact]
    public void A_queue_without_an_announcement_interval_announces_nothing()
    {
        Assert.Null(AnnouncementPolicy.For(QueueSettings.Default));
        Assert.NotNull(AnnouncementPolicy.For(new QueueSettings { AnnouncementInterval = TimeSpan.FromSeconds(45) }));
    }
}

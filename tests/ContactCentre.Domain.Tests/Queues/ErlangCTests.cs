using ContactCentre.Domain.Queues;

namespace ContactCentre.Domain.Tests.Queues;

[Trait("Category", "Unit")]
public sealed class ErlangCTests
{
    [Theory]
    [InlineData(1, 0.5, 180)]
    [InlineData(2, 1.0, 180)]
    [InlineData(12, 10.0, 180)]
    [InlineData(11, 10.0, 180)]
    [InlineData(55, 48.0, 240)]
    [InlineData(100, 95.0, 300)]
    [InlineData(300, 280.0, 240)]
    public void Agrees_with_a_direct_sum_of_the_mmn_stationary_distribution(int agents, double traffic, int handleSeconds)
    {
        var reference = new MmnStationary(agents, traffic);
        var handle = TimeSpan.FromSeconds(handleSeconds);
        Assert.Equal(reference.ProbabilityOfWaiting, ErlangC.ProbabilityOfWaiting(agents, traffic), 1e-9);
        Assert.Equal(reference.AverageSpeedOfAnswerSeconds(handleSeconds), ErlangC.AverageSpeedOfAnswer(agents, traffic, handle).TotalSeconds, 1e-4);
        foreach (var threshold in new[] { 0, 10, 20, 60 })
            Assert.Equal(reference.ServiceLevel(handleSeconds, threshold), ErlangC.ServiceLevel(agents, traffic, handle, TimeSpan.FromSeconds(threshold)), 1e-9);
    }

    /// <summary>
    /// The worked example published with step-by-step Erlang C explanations (360 calls per half hour, 4 minute calls,
    /// 55 agents, 15 s answer target; A = 48 Erlangs, occupancy 87.3 %). The figures below were computed by the
    /// independent M/M/N sum of <see cref="MmnStationary"/> (the publication's own rounding could not be checked
    /// offline here): 23.9 % wait, ASA 8.2 s, 84.6 % answered within 15 s.
    /// </summary>
    [Fact]
    public void Reproduces_the_worked_example_of_360_calls_per_half_hour()
    {
        var traffic = 360.0 / 1800 * 240;
        Assert.Equal(48.0, traffic, 9);
        Assert.Equal(0.239, ErlangC.ProbabilityOfWaiting(55, traffic), 3);
        Assert.Equal(8.2, ErlangC.AverageSpeedOfAnswer(55, traffic, TimeSpan.FromMinutes(4)).TotalSeconds, 1);
        Assert.Equal(0.846, ErlangC.ServiceLevel(55, traffic, TimeSpan.FromMinutes(4), TimeSpan.FromSeconds(15)), 3);
    }

    [Fact]
    public void An_overloaded_queue_always_waits_and_never_meets_its_target()
    {
        Assert.Equal(1, ErlangC.ProbabilityOfWaiting(10, 10));
        Assert.Equal(TimeSpan.MaxValue, ErlangC.AverageSpeedOfAnswer(10, 12, TimeSpan.FromMinutes(3)));
        Assert.Equal(0, ErlangC.ServiceLevel(10, 12, TimeSpan.FromMinutes(3), TimeSpan.FromSeconds(20)));
        Assert.Throws<ArgumentOutOfRangeException>(() => ErlangC.ProbabilityOfWaiting(0, 1));
    }
}

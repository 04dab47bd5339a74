using Akka.Actor;

namespace ContactCentre.Actors.Tests.Agents;

/// <summary>The actor system's scheduler as a clock: with the TestScheduler, "now" moves only when the test advances it.</summary>
internal sealed class SchedulerClock(IScheduler scheduler) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => scheduler.Now;
}

/// <summary>The scheduler's time less <see cref="Lag"/>: a wall clock that steps back (or lags) against the scheduler.</summary>
internal sealed class LaggingClock(IScheduler scheduler) : TimeProvider
{
    public TimeSpan Lag { get; set; }

    public override DateTimeOffset GetUtcNow() => scheduler.Now - Lag;
}

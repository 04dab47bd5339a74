using Akka.Actor;

namespace ContactCentre.Actors.Tests.Agents;

/// <summary>The actor system's scheduler as a clock: with the TestScheduler, "now" moves only when the test advances it.</summary>
internal sealed class SchedulerClock(IScheduler scheduler) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => scheduler.Now;
}

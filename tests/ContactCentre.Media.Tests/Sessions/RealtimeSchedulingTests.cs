namespace ContactCentre.Media.Tests.Sessions;

/// <summary>The optional real-time scheduling of media threads: applied where permitted, a clear refusal elsewhere.</summary>
[Trait("Category", "Integration")]
public sealed class RealtimeSchedulingTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(100)]
    public void A_priority_outside_1_to_99_is_refused_by_name(int priority)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => RealtimeScheduling.TryApplyToCurrentThread(priority, out _));
        Assert.Equal("priority", error.ParamName);
    }

    [Fact]
    public void The_thread_runs_round_robin_when_applied_or_the_refusal_says_why()
    {
        bool applied = false;
        string? refusal = null;
        int policy = -1;
        // A thread of its own, so the test runner's threads keep their ordinary scheduling.
        var thread = new Thread(() =>
        {
            applied = RealtimeScheduling.TryApplyToCurrentThread(1, out refusal);
            policy = OperatingSystem.IsLinux() ? PolicyOfThisThread() : -1;
        });
        thread.Start();
        thread.Join();

        if (applied)
        {
            Assert.Null(refusal);
            Assert.Equal(2, policy); // SCHED_RR
        }
        else
        {
            Assert.False(string.IsNullOrEmpty(refusal));
            Assert.NotEqual(2, policy);
        }
    }

    private static int PolicyOfThisThread()
    {
        // proc(5): field 41 of /proc/thread-self/stat is the scheduling policy; the name (field 2) may hold spaces.
        var stat = File.ReadAllText("/proc/thread-self/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return int.Parse(fields[41 - 3], System.Globalization.CultureInfo.InvariantCulture);
    }
}

using System.Text.Json;
using ContactCentre.Domain.Queues;

namespace ContactCentre.Host.Desktop;

/// <summary>Every queue's overview, for a desktop that sent <c>{"type":"queues"}</c>.</summary>
public sealed record QueueOverviews(IReadOnlyList<QueueOverview> Queues);

/// <summary>An error for the desktop that came after its message was handled (e.g. a queue that did not answer).</summary>
public sealed record DesktopError(string Message);

/// <summary>The desktop protocol's <c>queues</c> message (docs/agent-protocol.md, "Queue overview"): times in seconds, unknowns null.</summary>
public static class QueueOverviewJson
{
    public static string Serialize(IEnumerable<QueueOverview> queues) => JsonSerializer.Serialize(new
    {
        type = "queues",
        queues = queues.OrderBy(q => q.Queue, StringComparer.Ordinal).Select(q => new
        {
            queue = q.Queue,
            waiting = q.Waiting,
            longestWaitSeconds = Seconds(q.LongestWait),
            answered = q.Answered,
            abandoned = q.Abandoned,
            abandonedWithinThreshold = q.AbandonedWithinThreshold,
            overflowed = q.Overflowed,
            refused = q.Refused,
            lost = q.Lost,
            serviceLevelSeconds = Seconds(q.ServiceLevelThreshold),
            serviceLevel = Round(q.ServiceLevel),
            serviceLevelExcludingShortAbandons = Round(q.ServiceLevelExcludingShortAbandons),
            averageSpeedOfAnswerSeconds = q.AverageSpeedOfAnswer is { } asa ? Seconds(asa) : (double?)null,
            ewtSeconds = Seconds(q.Ewt),
            ewtMethod = q.EwtMethod == EwtMethod.ErlangC ? "erlangC" : "average",
            loggedInAgents = q.LoggedInAgents,
            readyAgents = q.ReadyAgents,
        }),
    });

    private static double Seconds(TimeSpan t) => Math.Round(t.TotalSeconds, 1);

    private static double? Round(double? fraction) => fraction is { } f ? Math.Round(f, 4) : null;
}

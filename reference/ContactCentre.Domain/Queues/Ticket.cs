namespace ContactCentre.Domain.Queues;

/// <summary>
/// A request waiting in a queue for an agent: a call now, later also callbacks and scheduled requests.
/// A higher <see cref="Priority"/> is served first; within a priority, the earlier entry.
/// </summary>
public sealed record Ticket(string Id, string Queue, int Priority, DateTimeOffset EnteredAt, string Caller);

/// <summary>The order in which a queue serves its tickets.</summary>
public sealed class TicketOrder : IComparer<Ticket>
{
    public static TicketOrder Instance { get; } = new();

    public int Compare(Ticket? x, Ticket? y)
    {
        if (ReferenceEquals(x, y)) return 0;
        if (x is null) return 1;
        if (y is null) return -1;
        var byPriority = y.Priority.CompareTo(x.Priority);
        if (byPriority != 0) return byPriority;
        var byEntry = x.EnteredAt.CompareTo(y.EnteredAt);
        return byEntry != 0 ? byEntry : string.CompareOrdinal(x.Id, y.Id);
    }
}

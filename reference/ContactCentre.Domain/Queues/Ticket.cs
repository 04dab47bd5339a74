namespace ContactCentre.Domain.Queues;

/// <summary>
/// What waits in a queue: a call now; callbacks and scheduled requests share the same ordering later. Extend only
/// (append): the values are persisted.
/// </summary>
public enum TicketKind
{
    Call,
    Callback,
    ScheduledRequest,
    /// <summary>
    /// An agent's consultation with whichever agent of the queue answers first: internal, it waits and is offered like
    /// any ticket but counts in none of the queue's caller statistics (see <see cref="QueueStatistics"/>).
    /// </summary>
    Consultation,
}

/// <summary>
/// A request waiting in a queue for an agent: a call now, later also callbacks and scheduled requests.
/// A higher <see cref="Priority"/> is served first; within a priority, the earlier entry.
/// </summary>
/// <remarks>
/// Re-entry rule: a ticket keeps its <see cref="EnteredAt"/> for as long as it stays in its queue, so one that
/// comes back after an offer nobody answered keeps its place. A call moved into another queue (a transfer, a flow
/// that queues it again) is a new entry there: <see cref="TransferredInto"/> puts it at the back of its priority.
/// For a scheduled request <see cref="EnteredAt"/> is the time it became due, so it queues behind those due earlier.
/// </remarks>
public sealed record Ticket(string Id, string Queue, int Priority, DateTimeOffset EnteredAt, string Caller)
{
    /// <summary>Added after the first version (extend only): tickets persisted before it read as calls.</summary>
    public TicketKind Kind { get; init; } = TicketKind.Call;

    /// <summary>The same request entering another queue now: at the back of the given priority there.</summary>
    public Ticket TransferredInto(string queue, int priority, DateTimeOffset now) =>
        this with { Queue = queue, Priority = priority, EnteredAt = now };
}

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

namespace ContactCentre.Domain.Queues;

/// <summary>What to tell a waiting caller: "you are number <see cref="Position"/>, your wait is about <see cref="EwtMinutes"/> minutes".</summary>
public sealed record Announcement(int Position, int EwtMinutes);

/// <summary>What a caller was last told and when; <see cref="None"/> before the first announcement.</summary>
public sealed record AnnouncementState(DateTimeOffset? LastAt, Announcement? Last)
{
    public static AnnouncementState None { get; } = new(null, null);

    public AnnouncementState Announced(Announcement announcement, DateTimeOffset now) => new(now, announcement);
}

/// <summary>
/// When to announce position and EWT to a waiting caller. The first announcement is due at once; each later one
/// no sooner than <paramref name="minimumInterval"/> after the last, and, with <paramref name="onlyWhenImproved"/>,
/// only when the position or the EWT in whole minutes (rounded up: "about 3 minutes" for 2 min 10 s) went down.
/// The call actor plays what <see cref="Next"/> returns and records it with <see cref="AnnouncementState.Announced"/>.
/// </summary>
public sealed class AnnouncementPolicy(TimeSpan minimumInterval, bool onlyWhenImproved)
{
    public static AnnouncementPolicy? For(QueueSettings settings) =>
        settings.AnnouncementInterval is { } interval ? new AnnouncementPolicy(interval, settings.AnnounceOnlyWhenImproved) : null;

    /// <summary>The announcement due now for this estimate, or null when nothing is to be said.</summary>
    public Announcement? Next(AnnouncementState state, WaitEstimate estimate, DateTimeOffset now)
    {
        if (state.LastAt is { } last && now - last < minimumInterval)
            return null;
        var next = new Announcement(estimate.Position, (int)Math.Ceiling(estimate.Ewt.TotalMinutes));
        if (onlyWhenImproved && state.Last is { } before && next.Position >= before.Position && next.EwtMinutes >= before.EwtMinutes)
            return null;
        return next;
    }
}

namespace ContactCentre.Domain.History;

/// <summary>One finished call as the call history shows it.</summary>
public sealed record CallHistoryEntry(
    string CallId,
    string ServiceNumber,
    string Caller,
    string? Queue,
    TimeSpan? WaitTime,
    string? Agent,
    TimeSpan? TalkTime,
    DateTimeOffset Started,
    DateTimeOffset Ended,
    string Outcome);

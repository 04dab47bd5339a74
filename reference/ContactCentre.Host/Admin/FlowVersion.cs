namespace ContactCentre.Host.Admin;

/// <summary>One saved version of a flow: its JSON exactly as the administrator sent it, who saved it, when, and why.</summary>
public sealed record FlowVersion(string Flow, int Version, string Json, string ChangedBy, DateTimeOffset ChangedAt, string? Comment);

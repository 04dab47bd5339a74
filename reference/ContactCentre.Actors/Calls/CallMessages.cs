namespace ContactCentre.Actors.Calls;

/// <summary>Who called which number, and when the call arrived.</summary>
public sealed record CallInfo(string CallId, string ServiceNumber, string Caller, DateTimeOffset Started);

/// <summary>Ends the call from outside (the host shutting down, an administrator).</summary>
public sealed record EndCall(string Reason);

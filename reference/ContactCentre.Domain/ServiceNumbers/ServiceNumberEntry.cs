namespace ContactCentre.Domain.ServiceNumbers;

/// <summary>
/// A configured service number, the flow that answers it, and its aliases: other numbers (often another
/// operator's, forwarded to ours) whose callers get the same flow.
/// </summary>
public sealed record ServiceNumberEntry(ServiceNumber Number, string Flow, IReadOnlyList<ServiceNumber> Aliases);

/// <summary>
/// The service number a call reached: <paramref name="Dialled"/> is the configured number that matched
/// (the service number itself or one of its aliases), <paramref name="MatchedBy"/> the candidate that held it.
/// </summary>
public sealed record ServiceNumberMatch(ServiceNumber Number, string Flow, ServiceNumber Dialled, DialledNumber MatchedBy)
{
    public bool ByAlias => Dialled != Number;
}

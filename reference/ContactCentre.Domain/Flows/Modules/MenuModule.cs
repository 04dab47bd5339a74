namespace ContactCentre.Domain.Flows;

/// <summary>
/// Menu: plays its prompts, then waits for one digit. An option leads to any module (a sub-menu is another menu).
/// A timeout or a digit with no option uses one of <see cref="Retries"/>; when they run out the call takes <see cref="OnFailure"/>.
/// </summary>
public sealed record MenuModule(
    string Name,
    IReadOnlyList<string> Prompts,
    IReadOnlyDictionary<char, string> Options,
    TimeSpan Timeout,
    int Retries,
    IReadOnlyList<string> InvalidPrompts,
    string OnFailure) : FlowModule(Name)
{
    /// <summary>Whether a digit interrupts the prompts (barge-in); otherwise digits count only once they end.</summary>
    public bool BargeIn { get; init; } = true;

    /// <summary>Played before the menu again when the caller pressed nothing.</summary>
    public IReadOnlyList<string> TimeoutPrompts { get; init; } = [];

    public override IEnumerable<(string Field, string Module)> Exits =>
        Options.Select(o => ($"options.{o.Key}", o.Value)).Append(("onFailure", OnFailure));

    public override IEnumerable<string> AudioFiles => Prompts.Concat(InvalidPrompts).Concat(TimeoutPrompts);
}

namespace ContactCentre.Domain.Flows;

/// <summary>
/// Collects digits (a membership number, say) into the call's variable <see cref="Variable"/>, reads them back
/// digit by digit and lets the caller confirm with # or re-enter with *. Exits <see cref="Done"/> and <see cref="Failed"/>.
/// </summary>
/// <param name="Length">A fixed number of digits; null when the caller ends the entry with # (up to <see cref="MaxLength"/>).</param>
public sealed record InputModule(
    string Name,
    IReadOnlyList<string> Prompts,
    string Variable,
    int? Length,
    int MaxLength,
    TimeSpan Timeout,
    int Retries,
    IReadOnlyList<string> InvalidPrompts,
    string Done,
    string Failed) : FlowModule(Name)
{
    /// <summary>At least this many digits before # (only when not fixed length).</summary>
    public int MinLength { get; init; } = 1;

    /// <summary>Null to skip the read-back and take <see cref="Done"/> as soon as the digits are in.</summary>
    public ReadBack? ReadBack { get; init; } = ReadBack.Default;

    public override IEnumerable<(string Field, string Module)> Exits => [("done", Done), ("failed", Failed)];

    public override IEnumerable<string> AudioFiles => Prompts.Concat(InvalidPrompts)
        .Concat(ReadBack is null ? [] : ReadBack.AudioFiles);
}

/// <summary>The prompts of a read-back: "you entered", the spoken digits 0-9, "press # to confirm or * to re-enter".</summary>
public sealed record ReadBack(string YouEntered, string DigitPromptPrefix, string ConfirmOrReenter)
{
    public static readonly ReadBack Default = new("you-entered", "digit-", "confirm-or-reenter");

    /// <summary>The prompt that speaks one digit, e.g. "digit-7".</summary>
    public string DigitPrompt(char digit) => DigitPromptPrefix + digit;

    public IEnumerable<string> AudioFiles =>
        "0123456789".Select(DigitPrompt).Prepend(YouEntered).Append(ConfirmOrReenter);
}

namespace ContactCentre.Domain.Flows;

/// <summary>
/// Puts the caller into a queue, playing the queue's announcement first. <see cref="OnFull"/> and <see cref="OnOverflow"/>
/// are where the call goes when the queue's limits refuse it (null: the call is hung up).
/// </summary>
public sealed record QueueModule(string Name, string Queue, int Priority, IReadOnlyList<string> Prompts) : FlowModule(Name)
{
    public CallbackOffer Callback { get; init; } = CallbackOffer.None;

    /// <summary>The skills an agent needs to take a call from this module (all of them, each at level 1 or more); empty: any agent of the queue.</summary>
    public IReadOnlyList<string> Skills { get; init; } = [];

    public string? OnFull { get; init; }

    public string? OnOverflow { get; init; }

    public override IEnumerable<(string Field, string Module)> Exits =>
        new[] { ("full", OnFull), ("overflow", OnOverflow) }.Where(e => e.Item2 is not null).Select(e => (e.Item1, e.Item2!));

    public override IEnumerable<string> AudioFiles => Prompts;
}

/// <summary>Whether a caller waiting in the queue is offered a callback, and after how long a wait.</summary>
public sealed record CallbackOffer(bool Offer, TimeSpan After)
{
    public static readonly CallbackOffer None = new(false, TimeSpan.Zero);
}

/// <summary>Why a queue refused a caller; each reason has its own exit on the <see cref="QueueModule"/>.</summary>
public enum QueueRefusal
{
    Full,
    Overflow,
}

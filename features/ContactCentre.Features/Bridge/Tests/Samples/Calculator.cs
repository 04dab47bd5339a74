namespace ContactCentre.Features.Bridge.Tests.Samples;

/// <summary>The toy domain behind the sample features; one instance per scenario through context injection.</summary>
public sealed class Calculator
{
    private readonly List<int> _entries = [];

    public bool IsOn { get; private set; }

    public IReadOnlyList<int> Entries => _entries;

    public int Result { get; private set; }

    public string Tape { get; private set; } = string.Empty;

    public void SwitchOn()
    {
        // A calculator already on means state leaked from another scenario.
        if (IsOn)
        {
            throw new InvalidOperationException("The calculator was already on: it is shared between scenarios.");
        }

        IsOn = true;
    }

    public void Enter(int number) => _entries.Add(number);

    public void Add()
    {
        Result = _entries.Sum();
        Tape = $"{string.Join(" + ", _entries)} = {Result}";
    }

    public void Divide() => Result = _entries.Skip(1).Aggregate(_entries[0], (dividend, divisor) => dividend / divisor);

    public void Clear() => Result = 0;
}

using Reqnroll;

namespace ContactCentre.Features.Bridge;

/// <summary>
/// A parsed feature file ready to run. <see cref="Info"/> is the one instance Reqnroll sees for this
/// feature: it compares FeatureInfo by reference to decide whether a new feature (and BeforeFeature) starts.
/// </summary>
public sealed record CompiledFeature(string Path, FeatureInfo Info, IReadOnlyList<CompiledScenario> Scenarios)
{
    public CompiledScenario Find(string displayName) =>
        Scenarios.FirstOrDefault(scenario => scenario.Case.DisplayName == displayName)
        ?? throw new InvalidOperationException(
            $"{Path} has no scenario named '{displayName}'. It has: {string.Join(", ", Scenarios.Select(s => $"'{s.Case.DisplayName}'"))}.");

    public CompiledScenario Find(ScenarioCase scenarioCase)
    {
        ArgumentNullException.ThrowIfNull(scenarioCase);
        return Scenarios.FirstOrDefault(scenario =>
                   scenario.Case.ScenarioName == scenarioCase.ScenarioName && scenario.Case.ExampleRow == scenarioCase.ExampleRow)
               ?? Find(scenarioCase.DisplayName);
    }
}

/// <summary>One scenario (or outline row) with Background steps prepended and placeholders substituted.</summary>
public sealed record CompiledScenario(
    ScenarioCase Case,
    ScenarioInfo Info,
    RuleInfo? Rule,
    IReadOnlyList<CompiledStep> Steps);

/// <summary>
/// A step as Reqnroll runs it: the block (Given/When/Then) with And/But already resolved. The data table
/// is kept as cells, because a Reqnroll <see cref="Table"/> is mutable and each run gets a fresh one.
/// </summary>
public sealed record CompiledStep(
    StepBlock Block,
    string Keyword,
    string Text,
    string? DocString,
    IReadOnlyList<IReadOnlyList<string>>? TableRows,
    int Line)
{
    public Table? CreateTable()
    {
        if (TableRows is null || TableRows.Count == 0)
        {
            return null;
        }

        var table = new Table([.. TableRows[0]]);
        foreach (var row in TableRows.Skip(1))
        {
            table.AddRow([.. row]);
        }

        return table;
    }

    public override string ToString() => $"{Keyword.Trim()} {Text} (line {Line})";
}

public enum StepBlock
{
    Given,
    When,
    Then,
}

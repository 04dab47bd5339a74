using Xunit.Abstractions;

namespace ContactCentre.Features.Bridge;

/// <summary>
/// One runnable scenario of a feature file: a plain scenario, or one Examples row of a Scenario Outline.
/// xUnit serialises it so that each scenario is its own test case in discovery and in reports.
/// </summary>
public sealed class ScenarioCase : IXunitSerializable
{
    [Obsolete("For xUnit deserialisation only.", error: true)]
    public ScenarioCase()
    {
        FeaturePath = string.Empty;
        ScenarioName = string.Empty;
        DisplayName = string.Empty;
    }

    public ScenarioCase(string featurePath, string scenarioName, int exampleRow, string displayName)
    {
        FeaturePath = featurePath;
        ScenarioName = scenarioName;
        ExampleRow = exampleRow;
        DisplayName = displayName;
    }

    /// <summary>Path of the .feature file relative to the test output folder, with '/' separators.</summary>
    public string FeaturePath { get; private set; }

    /// <summary>The scenario's (or outline's) name as written in the file.</summary>
    public string ScenarioName { get; private set; }

    /// <summary>1-based row over all Examples blocks of an outline; 0 for a plain scenario.</summary>
    public int ExampleRow { get; private set; }

    /// <summary>The name shown by test runners, e.g. "Adding [row 2: a=1, b=2]".</summary>
    public string DisplayName { get; private set; }

    /// <summary>Every scenario of a feature file, outlines expanded, in file order.</summary>
    public static IReadOnlyList<ScenarioCase> AllIn(string featurePath) =>
        FeatureCatalog.Load(featurePath).Scenarios.Select(scenario => scenario.Case).ToList();

    /// <summary>The scenario of a feature file shown as <paramref name="displayName"/>.</summary>
    public static ScenarioCase Named(string featurePath, string displayName) =>
        FeatureCatalog.Load(featurePath).Find(displayName).Case;

    public void Deserialize(IXunitSerializationInfo info)
    {
        ArgumentNullException.ThrowIfNull(info);
        FeaturePath = info.GetValue<string>(nameof(FeaturePath));
        ScenarioName = info.GetValue<string>(nameof(ScenarioName));
        ExampleRow = info.GetValue<int>(nameof(ExampleRow));
        DisplayName = info.GetValue<string>(nameof(DisplayName));
    }

    public void Serialize(IXunitSerializationInfo info)
    {
        ArgumentNullException.ThrowIfNull(info);
        info.AddValue(nameof(FeaturePath), FeaturePath);
        info.AddValue(nameof(ScenarioName), ScenarioName);
        info.AddValue(nameof(ExampleRow), ExampleRow);
        info.AddValue(nameof(DisplayName), DisplayName);
    }

    // xUnit's argument formatter shows this in the test's display name.
    public override string ToString() => DisplayName;
}

using System.Collections.Concurrent;
using Reqnroll;

namespace ContactCentre.Features.Bridge.Tests.Samples;

/// <summary>What the sample hooks saw, for the bridge tests to assert on after a scenario has ended.</summary>
public sealed record ObservedScenario(
    string Title,
    string[] Tags,
    string[] CombinedTags,
    string[] FeatureTags,
    string? Rule,
    IReadOnlyDictionary<string, string> Arguments);

[Binding]
[Scope(Tag = "bridge-sample")]
public sealed class SampleHooks
{
    private static readonly ConcurrentDictionary<string, int> BeforeFeatureRuns = new(StringComparer.Ordinal);
    private static readonly ConcurrentQueue<string> AfterScenarioRuns = new();

    public static ObservedScenario? LastScenario { get; private set; }

    public static int BeforeFeatureCount(string featureTitle) => BeforeFeatureRuns.GetValueOrDefault(featureTitle);

    public static bool AfterScenarioRan(string scenarioTitle) => AfterScenarioRuns.Contains(scenarioTitle);

    [BeforeFeature]
    public static void CountFeatureStart(FeatureContext feature) =>
        BeforeFeatureRuns.AddOrUpdate(feature.FeatureInfo.Title, 1, (_, count) => count + 1);

    [BeforeScenario]
    public static void ObserveScenario(ScenarioContext scenario, FeatureContext feature)
    {
        var info = scenario.ScenarioInfo;
        LastScenario = new ObservedScenario(
            info.Title,
            info.Tags,
            info.CombinedTags,
            feature.FeatureInfo.Tags,
            scenario.RuleInfo?.Title,
            info.Arguments.Keys.Cast<string>().ToDictionary(k => k, k => (string)info.Arguments[k]!));
    }

    [AfterScenario]
    public static void RecordScenarioEnd(ScenarioContext scenario) => AfterScenarioRuns.Enqueue(scenario.ScenarioInfo.Title);
}

using Xunit.Abstractions;
using Xunit.Sdk;

namespace ContactCentre.Features.Bridge;

/// <summary>
/// Runs a test class's scenarios feature by feature in file order, so a feature starts once (one
/// BeforeFeature) and a report reads like the feature file. Other tests keep their names' order.
/// </summary>
public sealed class ScenarioOrderer : ITestCaseOrderer
{
    public IEnumerable<TTestCase> OrderTestCases<TTestCase>(IEnumerable<TTestCase> testCases)
        where TTestCase : ITestCase =>
        testCases
            .Select(testCase => (testCase, Scenario: testCase.TestMethodArguments?.OfType<ScenarioCase>().FirstOrDefault()))
            .OrderBy(t => t.Scenario?.FeaturePath ?? string.Empty, StringComparer.Ordinal)
            .ThenBy(t => t.Scenario is null ? 0 : PositionInFeature(t.Scenario))
            .ThenBy(t => t.testCase.DisplayName, StringComparer.Ordinal)
            .Select(t => t.testCase);

    private static int PositionInFeature(ScenarioCase scenario)
    {
        try
        {
            var scenarios = FeatureCatalog.Load(scenario.FeaturePath).Scenarios;
            var position = scenarios.ToList().FindIndex(s => s.Case.DisplayName == scenario.DisplayName);
            return position < 0 ? int.MaxValue : position;
        }
        catch (Exception e) when (e is IOException or InvalidOperationException)
        {
            // The test itself reports the broken feature file; ordering must not hide it.
            return int.MaxValue;
        }
    }
}

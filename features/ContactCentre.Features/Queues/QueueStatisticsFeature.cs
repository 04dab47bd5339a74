using Xunit.Abstractions;
using ContactCentre.Features.Bridge;

namespace ContactCentre.Features.Queues;

[Trait("Category", "Spec")]
public sealed class QueueStatisticsFeature(ITestOutputHelper output)
{
    [Theory, FeatureScenarios("Queues/QueueStatistics.feature")]
    public Task Scenario(ScenarioCase scenario) => FeatureRunner.RunAsync(scenario, output);
}

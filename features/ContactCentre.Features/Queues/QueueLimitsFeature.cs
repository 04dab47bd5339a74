using Xunit.Abstractions;
using ContactCentre.Features.Bridge;

namespace ContactCentre.Features.Queues;

[Trait("Category", "Spec")]
public sealed class QueueLimitsFeature(ITestOutputHelper output)
{
    [Theory, FeatureScenarios("Queues/QueueLimits.feature")]
    public Task Scenario(ScenarioCase scenario) => FeatureRunner.RunAsync(scenario, output);
}

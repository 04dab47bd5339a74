using Xunit.Abstractions;
using ContactCentre.Features.Bridge;

namespace ContactCentre.Features.Queues;

[Trait("Category", "Spec")]
public sealed class WaitEstimatesFeature(ITestOutputHelper output)
{
    [Theory, FeatureScenarios("Queues/WaitEstimates.feature")]
    public Task Scenario(ScenarioCase scenario) => FeatureRunner.RunAsync(scenario, output);
}

using Xunit.Abstractions;
using ContactCentre.Features.Bridge;

namespace ContactCentre.Features.CallFlows;

[Trait("Category", "Spec")]
public sealed class QueueFeature(ITestOutputHelper output)
{
    [Theory, FeatureScenarios("CallFlows/Queue.feature")]
    public Task Scenario(ScenarioCase scenario) => FeatureRunner.RunAsync(scenario, output);
}

using Xunit.Abstractions;
using ContactCentre.Features.Bridge;

namespace ContactCentre.Features.WalkingSkeleton;

[Trait("Category", "Spec")]
public sealed class CallerReachesAgentFeature(ITestOutputHelper output)
{
    [Theory, FeatureScenarios("WalkingSkeleton/CallerReachesAgent.feature")]
    public Task Scenario(ScenarioCase scenario) => FeatureRunner.RunAsync(scenario, output);
}

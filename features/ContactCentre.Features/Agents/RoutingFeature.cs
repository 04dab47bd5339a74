using Xunit.Abstractions;
using ContactCentre.Features.Bridge;

namespace ContactCentre.Features.Agents;

[Trait("Category", "Spec")]
public sealed class RoutingFeature(ITestOutputHelper output)
{
    [Theory, FeatureScenarios("Agents/Routing.feature")]
    public Task Scenario(ScenarioCase scenario) => FeatureRunner.RunAsync(scenario, output);
}

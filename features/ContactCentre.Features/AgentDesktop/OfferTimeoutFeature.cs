using Xunit.Abstractions;
using ContactCentre.Features.Bridge;

namespace ContactCentre.Features.AgentDesktop;

[Trait("Category", "Spec")]
public sealed class OfferTimeoutFeature(ITestOutputHelper output)
{
    [Theory, FeatureScenarios("AgentDesktop/OfferTimeout.feature")]
    public Task Scenario(ScenarioCase scenario) => FeatureRunner.RunAsync(scenario, output);
}

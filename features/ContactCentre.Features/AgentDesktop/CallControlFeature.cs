using Xunit.Abstractions;
using ContactCentre.Features.Bridge;

namespace ContactCentre.Features.AgentDesktop;

[Trait("Category", "Spec")]
public sealed class CallControlFeature(ITestOutputHelper output)
{
    [Theory, FeatureScenarios("AgentDesktop/CallControl.feature")]
    public Task Scenario(ScenarioCase scenario) => FeatureRunner.RunAsync(scenario, output);
}

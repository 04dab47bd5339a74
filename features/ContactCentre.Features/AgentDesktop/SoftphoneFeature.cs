using Xunit.Abstractions;
using ContactCentre.Features.Bridge;

namespace ContactCentre.Features.AgentDesktop;

[Trait("Category", "Spec")]
public sealed class SoftphoneFeature(ITestOutputHelper output)
{
    [Theory, FeatureScenarios("AgentDesktop/Softphone.feature")]
    public Task Scenario(ScenarioCase scenario) => FeatureRunner.RunAsync(scenario, output);
}

using Xunit.Abstractions;
using ContactCentre.Features.Bridge;

namespace ContactCentre.Features.Agents;

[Trait("Category", "Spec")]
public sealed class AutoPauseFeature(ITestOutputHelper output)
{
    [Theory, FeatureScenarios("Agents/AutoPause.feature")]
    public Task Scenario(ScenarioCase scenario) => FeatureRunner.RunAsync(scenario, output);
}

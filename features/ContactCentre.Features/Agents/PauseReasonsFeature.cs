using Xunit.Abstractions;
using ContactCentre.Features.Bridge;

namespace ContactCentre.Features.Agents;

[Trait("Category", "Spec")]
public sealed class PauseReasonsFeature(ITestOutputHelper output)
{
    [Theory, FeatureScenarios("Agents/PauseReasons.feature")]
    public Task Scenario(ScenarioCase scenario) => FeatureRunner.RunAsync(scenario, output);
}

using Xunit.Abstractions;
using ContactCentre.Features.Bridge;

namespace ContactCentre.Features.Agents;

[Trait("Category", "Spec")]
public sealed class WrapUpFeature(ITestOutputHelper output)
{
    [Theory, FeatureScenarios("Agents/WrapUp.feature")]
    public Task Scenario(ScenarioCase scenario) => FeatureRunner.RunAsync(scenario, output);
}

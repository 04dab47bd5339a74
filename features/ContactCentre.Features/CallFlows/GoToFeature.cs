using Xunit.Abstractions;
using ContactCentre.Features.Bridge;

namespace ContactCentre.Features.CallFlows;

[Trait("Category", "Spec")]
public sealed class GoToFeature(ITestOutputHelper output)
{
    [Theory, FeatureScenarios("CallFlows/GoTo.feature")]
    public Task Scenario(ScenarioCase scenario) => FeatureRunner.RunAsync(scenario, output);
}

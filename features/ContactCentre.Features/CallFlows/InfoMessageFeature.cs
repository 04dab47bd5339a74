using Xunit.Abstractions;
using ContactCentre.Features.Bridge;

namespace ContactCentre.Features.CallFlows;

[Trait("Category", "Spec")]
public sealed class InfoMessageFeature(ITestOutputHelper output)
{
    [Theory, FeatureScenarios("CallFlows/InfoMessage.feature")]
    public Task Scenario(ScenarioCase scenario) => FeatureRunner.RunAsync(scenario, output);
}

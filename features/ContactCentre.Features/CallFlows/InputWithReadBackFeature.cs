using Xunit.Abstractions;
using ContactCentre.Features.Bridge;

namespace ContactCentre.Features.CallFlows;

[Trait("Category", "Spec")]
public sealed class InputWithReadBackFeature(ITestOutputHelper output)
{
    [Theory, FeatureScenarios("CallFlows/InputWithReadBack.feature")]
    public Task Scenario(ScenarioCase scenario) => FeatureRunner.RunAsync(scenario, output);
}

using Xunit.Abstractions;
using ContactCentre.Features.Bridge;

namespace ContactCentre.Features.CallFlows;

[Trait("Category", "Spec")]
public sealed class TransferToNumberFeature(ITestOutputHelper output)
{
    [Theory, FeatureScenarios("CallFlows/TransferToNumber.feature")]
    public Task Scenario(ScenarioCase scenario) => FeatureRunner.RunAsync(scenario, output);
}

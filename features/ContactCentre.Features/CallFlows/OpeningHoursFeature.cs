using Xunit.Abstractions;
using ContactCentre.Features.Bridge;

namespace ContactCentre.Features.CallFlows;

[Trait("Category", "Spec")]
public sealed class OpeningHoursFeature(ITestOutputHelper output)
{
    [Theory, FeatureScenarios("CallFlows/OpeningHours.feature")]
    public Task Scenario(ScenarioCase scenario) => FeatureRunner.RunAsync(scenario, output);
}

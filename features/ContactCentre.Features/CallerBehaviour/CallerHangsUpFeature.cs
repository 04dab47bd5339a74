using Xunit.Abstractions;
using ContactCentre.Features.Bridge;

namespace ContactCentre.Features.CallerBehaviour;

[Trait("Category", "Spec")]
public sealed class CallerHangsUpFeature(ITestOutputHelper output)
{
    [Theory, FeatureScenarios("CallerBehaviour/CallerHangsUp.feature")]
    public Task Scenario(ScenarioCase scenario) => FeatureRunner.RunAsync(scenario, output);
}

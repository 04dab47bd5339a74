using Xunit.Abstractions;
using ContactCentre.Features.Bridge;

namespace ContactCentre.Features.ServiceNumbers;

[Trait("Category", "Spec")]
public sealed class ServiceNumbersFeature(ITestOutputHelper output)
{
    [Theory, FeatureScenarios("ServiceNumbers/ServiceNumbers.feature")]
    public Task Scenario(ScenarioCase scenario) => FeatureRunner.RunAsync(scenario, output);
}

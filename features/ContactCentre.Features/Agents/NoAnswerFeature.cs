using Xunit.Abstractions;
using ContactCentre.Features.Bridge;

namespace ContactCentre.Features.Agents;

[Trait("Category", "Spec")]
public sealed class NoAnswerFeature(ITestOutputHelper output)
{
    [Theory, FeatureScenarios("Agents/NoAnswer.feature")]
    public Task Scenario(ScenarioCase scenario) => FeatureRunner.RunAsync(scenario, output);
}

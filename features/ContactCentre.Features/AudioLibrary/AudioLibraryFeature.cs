using Xunit.Abstractions;
using ContactCentre.Features.Bridge;

namespace ContactCentre.Features.AudioLibrary;

[Trait("Category", "Spec")]
public sealed class AudioLibraryFeature(ITestOutputHelper output)
{
    [Theory, FeatureScenarios("AudioLibrary/AudioLibrary.feature")]
    public Task Scenario(ScenarioCase scenario) => FeatureRunner.RunAsync(scenario, output);
}

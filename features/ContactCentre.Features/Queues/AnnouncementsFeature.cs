using Xunit.Abstractions;
using ContactCentre.Features.Bridge;

namespace ContactCentre.Features.Queues;

[Trait("Category", "Spec")]
public sealed class AnnouncementsFeature(ITestOutputHelper output)
{
    [Theory, FeatureScenarios("Queues/Announcements.feature")]
    public Task Scenario(ScenarioCase scenario) => FeatureRunner.RunAsync(scenario, output);
}

using Xunit.Abstractions;

namespace ContactCentre.Features.Bridge.Tests;

/// <summary>The pattern the real specs use, here on the passing sample feature, with the step trace in the test output.</summary>
[Trait("Category", "Unit")]
public sealed class CalculatorSampleFeature(ITestOutputHelper output)
{
    [Theory, FeatureScenarios("Bridge/Tests/Samples/Calculator.feature")]
    public Task Scenario(ScenarioCase scenario) => FeatureRunner.RunAsync(scenario, output);
}

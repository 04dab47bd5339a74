using Xunit.Abstractions;

namespace ContactCentre.Features.Bridge.Tests;

[Trait("Category", "Unit")]
public sealed class ScenarioOrdererTests
{
    [Fact]
    public void Scenarios_run_feature_by_feature_in_file_order()
    {
        var calculator = ScenarioCase.AllIn("Bridge/Tests/Samples/Calculator.feature");
        var hooks = ScenarioCase.AllIn("Bridge/Tests/Samples/HookCounting.feature");
        var shuffled = new[] { hooks[2], calculator[3], hooks[0], calculator[0], calculator[5], hooks[1] }
            .Select(c => new FakeTestCase(c.DisplayName, c))
            .Append(new FakeTestCase("A plain fact", null));

        var ordered = new ScenarioOrderer().OrderTestCases(shuffled).Select(t => t.DisplayName);

        Assert.Equal(
            [
                "A plain fact",
                calculator[0].DisplayName, calculator[3].DisplayName, calculator[5].DisplayName,
                hooks[0].DisplayName, hooks[1].DisplayName, hooks[2].DisplayName,
            ],
            ordered);
    }

    // Never serialised nor sent across an app domain: it only carries a name and the scenario argument.
#pragma warning disable xUnit3000, xUnit3001
    private sealed class FakeTestCase(string displayName, ScenarioCase? scenario) : ITestCase
    {
        public string DisplayName { get; } = displayName;

        public string? SkipReason => null;

        public ISourceInformation? SourceInformation { get; set; }

        public ITestMethod TestMethod => throw new NotSupportedException();

        public object[] TestMethodArguments { get; } = scenario is null ? [] : [scenario];

        public Dictionary<string, List<string>> Traits { get; } = [];

        public string UniqueID => DisplayName;

        public void Deserialize(IXunitSerializationInfo info) => throw new NotSupportedException();

        public void Serialize(IXunitSerializationInfo info) => throw new NotSupportedException();
    }
#pragma warning restore xUnit3000, xUnit3001
}

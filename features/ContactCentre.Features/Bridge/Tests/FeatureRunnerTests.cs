using ContactCentre.Features.Bridge.Tests.Samples;

namespace ContactCentre.Features.Bridge.Tests;

[Trait("Category", "Unit")]
public sealed class FeatureRunnerTests
{
    private const string Calculator = "Bridge/Tests/Samples/Calculator.feature";
    private const string Failures = "Bridge/Tests/Samples/Failures.feature";

    [Fact]
    public async Task A_scenario_with_background_data_table_and_doc_string_passes()
    {
        await FeatureRunner.RunAsync(ScenarioCase.Named(Calculator, "Adding a column of numbers"));

        Assert.True(SampleHooks.AfterScenarioRan("Adding a column of numbers"));
    }

    [Fact]
    public async Task Every_outline_row_passes_with_its_own_values()
    {
        foreach (var row in ScenarioCase.AllIn(Calculator).Where(c => c.ExampleRow > 0))
        {
            await FeatureRunner.RunAsync(row);
        }

        Assert.Equal(
            new Dictionary<string, string> { ["a"] = "-1", ["b"] = "-2", ["sum"] = "-3" },
            SampleHooks.LastScenario?.Arguments);
    }

    [Fact]
    public async Task Scenarios_inside_a_rule_run_with_the_rule_background()
    {
        await FeatureRunner.RunAsync(ScenarioCase.Named(Calculator, "Dividing by a number"));
        await FeatureRunner.RunAsync(ScenarioCase.Named(Calculator, "Halving"));

        Assert.Equal("Division takes the first entry as the dividend", SampleHooks.LastScenario?.Rule);
    }

    [Fact]
    public async Task A_failing_step_fails_the_scenario_naming_the_step_and_keeping_its_exception()
    {
        var error = await Assert.ThrowsAsync<ScenarioFailedException>(
            () => FeatureRunner.RunAsync(ScenarioCase.Named(Failures, "A step throws")));

        Assert.Contains("step 'When I divide' (line 8)", error.Message, StringComparison.Ordinal);
        Assert.Contains("Attempted to divide by zero.", error.Message, StringComparison.Ordinal);
        Assert.IsType<DivideByZeroException>(error.InnerException);
        Assert.True(SampleHooks.AfterScenarioRan("A step throws"));
    }

    [Fact]
    public async Task An_unbound_step_is_reported_as_pending_with_a_binding_skeleton()
    {
        var error = await Assert.ThrowsAsync<ScenarioPendingException>(
            () => FeatureRunner.RunAsync(ScenarioCase.Named(Failures, "A step has no binding")));

        Assert.StartsWith("Pending:", error.Message, StringComparison.Ordinal);
        Assert.Contains("When I take the square root of 16 and call it \"root\"", error.Message, StringComparison.Ordinal);
        Assert.Contains("[When(\"I take the square root of {int} and call it {string}\")]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_step_that_throws_pending_is_reported_as_pending()
    {
        var error = await Assert.ThrowsAsync<ScenarioPendingException>(
            () => FeatureRunner.RunAsync(ScenarioCase.Named(Failures, "A step is pending")));

        Assert.StartsWith("Pending:", error.Message, StringComparison.Ordinal);
        Assert.Contains("When I store the result in memory", error.Message, StringComparison.Ordinal);
        Assert.Contains(nameof(CalculatorSteps.WhenIStoreTheResultInMemory), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Before_scenario_sees_feature_rule_scenario_and_examples_tags()
    {
        await FeatureRunner.RunAsync(ScenarioCase.Named(Calculator, "Adding two numbers [row 3: a=-1, b=-2, sum=-3]"));
        var outlineRow = SampleHooks.LastScenario;
        await FeatureRunner.RunAsync(ScenarioCase.Named(Calculator, "Halving"));
        var ruleScenario = SampleHooks.LastScenario;

        Assert.NotNull(outlineRow);
        Assert.NotNull(ruleScenario);
        Assert.Equal(["outline", "negative"], outlineRow.Tags);
        Assert.Equal(["bridge-sample", "calculator"], outlineRow.FeatureTags);
        Assert.Equal(["halving"], ruleScenario.Tags);
        Assert.Equal(["halving", "bridge-sample", "calculator", "division"], ruleScenario.CombinedTags);
    }

    [Fact]
    public async Task Before_feature_runs_once_for_all_scenarios_of_a_feature()
    {
        foreach (var scenario in ScenarioCase.AllIn("Bridge/Tests/Samples/HookCounting.feature"))
        {
            await FeatureRunner.RunAsync(scenario);
        }

        Assert.Equal(1, SampleHooks.BeforeFeatureCount("Hook counting"));
    }
}

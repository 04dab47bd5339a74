using System.Reflection;
using Reqnroll;
using Xunit.Abstractions;

namespace ContactCentre.Features.Bridge;

/// <summary>Runs one <see cref="ScenarioCase"/> through Reqnroll's runtime and fails the test if the scenario fails.</summary>
public static class FeatureRunner
{
    private static readonly Assembly SpecAssembly = typeof(FeatureRunner).Assembly;

    // BeforeTestRun hooks run once, before the first scenario; if they fail, every scenario fails with their error.
    private static readonly Lazy<Task> TestRunStart = new(() => TestRunnerManager.OnTestRunStartAsync(SpecAssembly));

    /// <summary>
    /// Runs the scenario. Throws <see cref="ScenarioFailedException"/> naming the failing step (inner exception:
    /// the step's own) or <see cref="ScenarioPendingException"/> for an undefined or pending step.
    /// With <paramref name="output"/>, Reqnroll's step trace is written to the test's output.
    /// </summary>
    public static async Task RunAsync(ScenarioCase scenarioCase, ITestOutputHelper? output = null)
    {
        ArgumentNullException.ThrowIfNull(scenarioCase);
        ScenarioOutput.RouteTo(output);
        var feature = FeatureCatalog.Load(scenarioCase.FeaturePath);
        var scenario = feature.Find(scenarioCase);
        await TestRunStart.Value;

        var runner = TestRunnerManager.GetTestRunnerForAssembly(SpecAssembly, featureHint: feature.Info);
        try
        {
            await StartFeatureAsync(runner, feature);
            await RunScenarioAsync(runner, feature, scenario);
        }
        finally
        {
            TestRunnerManager.ReleaseTestRunner(runner);
        }
    }

    private static async Task StartFeatureAsync(ITestRunner runner, CompiledFeature feature)
    {
        // A pooled runner may still hold the previous feature: end it (AfterFeature) before starting ours.
        if (runner.FeatureContext is not null && !ReferenceEquals(runner.FeatureContext.FeatureInfo, feature.Info))
        {
            await runner.OnFeatureEndAsync();
        }

        if (runner.FeatureContext is null)
        {
            try
            {
                await runner.OnFeatureStartAsync(feature.Info);
            }
            catch (Exception e)
            {
                throw BeforeFeatureFailed(feature, e);
            }
        }
        else if (runner.FeatureContext.BeforeFeatureHookFailed)
        {
            // The feature stays started after its BeforeFeature hook failed; none of its scenarios may run.
            throw BeforeFeatureFailed(feature, runner.FeatureContext.BeforeFeatureHookError);
        }
    }

    private static ScenarioFailedException BeforeFeatureFailed(CompiledFeature feature, Exception? error) =>
        new(
            $"{feature.Path}: a [BeforeFeature] hook failed, so no scenario of '{feature.Info.Title}' runs: " +
            $"{error?.GetType().Name}: {error?.Message}",
            error);

    private static async Task RunScenarioAsync(ITestRunner runner, CompiledFeature feature, CompiledScenario scenario)
    {
        runner.OnScenarioInitialize(scenario.Info, scenario.Rule);
        Exception? failure = null;
        try
        {
            await runner.OnScenarioStartAsync();
            string? failedAt = runner.ScenarioContext.ScenarioExecutionStatus == ScenarioExecutionStatus.OK
                ? null
                : "a [BeforeScenario] hook";

            foreach (var step in scenario.Steps)
            {
                await RunStepAsync(runner, step);
                if (failedAt is null && runner.ScenarioContext.ScenarioExecutionStatus != ScenarioExecutionStatus.OK)
                {
                    failedAt = $"step '{step.Keyword.Trim()} {step.Text}' (line {step.Line})";
                }
            }

            try
            {
                await runner.CollectScenarioErrorsAsync();
            }
            catch (Exception e)
            {
                failure = Describe(e, feature, scenario, failedAt);
            }
        }
        finally
        {
            try
            {
                await runner.OnScenarioEndAsync();
            }
            catch (Exception e)
            {
                // A failing step is the root cause; an AfterScenario error after it is usually its consequence.
                failure ??= new ScenarioFailedException(
                    $"{Where(feature, scenario)}: an [AfterScenario] hook failed: {e.GetType().Name}: {e.Message}", e);
            }
        }

        if (failure is not null)
        {
            throw failure;
        }
    }

    private static Task RunStepAsync(ITestRunner runner, CompiledStep step)
    {
        var table = step.CreateTable();
        return step.Block switch
        {
            StepBlock.Given => runner.GivenAsync(step.Text, step.DocString, table, step.Keyword),
            StepBlock.When => runner.WhenAsync(step.Text, step.DocString, table, step.Keyword),
            _ => runner.ThenAsync(step.Text, step.DocString, table, step.Keyword),
        };
    }

    private static Exception Describe(Exception error, CompiledFeature feature, CompiledScenario scenario, string? failedAt)
    {
        var where = Where(feature, scenario);
        if (error is ScenarioPendingException)
        {
            // Reqnroll's message lists the undefined steps with binding skeletons, or the pending step methods.
            // Not chained: the inner exception would only repeat the message, skeletons and all.
            return new ScenarioPendingException(
                $"Pending: {where}: {failedAt ?? "a step"} is undefined or pending.{Environment.NewLine}{error.Message}");
        }

        return new ScenarioFailedException(
            $"{where}: {failedAt ?? "the scenario"} failed: {error.GetType().Name}: {error.Message}",
            error);
    }

    private static string Where(CompiledFeature feature, CompiledScenario scenario) =>
        $"{feature.Path}, scenario '{scenario.Case.DisplayName}'";
}

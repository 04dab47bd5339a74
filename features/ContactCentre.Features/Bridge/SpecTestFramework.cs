using System.Reflection;
using Reqnroll;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace ContactCentre.Features.Bridge;

/// <summary>
/// xUnit 2 has no assembly fixture; this framework ends Reqnroll's test run (AfterFeature for features
/// still open, then AfterTestRun) after the last test of the assembly. A hook failure there is reported
/// as an assembly cleanup failure.
/// </summary>
public sealed class SpecTestFramework(IMessageSink messageSink) : XunitTestFramework(messageSink)
{
    protected override ITestFrameworkExecutor CreateExecutor(AssemblyName assemblyName) =>
        new SpecTestFrameworkExecutor(assemblyName, SourceInformationProvider, DiagnosticMessageSink);

    private sealed class SpecTestFrameworkExecutor(
        AssemblyName assemblyName,
        ISourceInformationProvider sourceInformationProvider,
        IMessageSink diagnosticMessageSink)
        : XunitTestFrameworkExecutor(assemblyName, sourceInformationProvider, diagnosticMessageSink)
    {
        protected override async void RunTestCases(
            IEnumerable<IXunitTestCase> testCases,
            IMessageSink executionMessageSink,
            ITestFrameworkExecutionOptions executionOptions)
        {
            using var assemblyRunner = new SpecTestAssemblyRunner(
                TestAssembly, testCases, DiagnosticMessageSink, executionMessageSink, executionOptions);
            await assemblyRunner.RunAsync();
        }
    }

    private sealed class SpecTestAssemblyRunner(
        ITestAssembly testAssembly,
        IEnumerable<IXunitTestCase> testCases,
        IMessageSink diagnosticMessageSink,
        IMessageSink executionMessageSink,
        ITestFrameworkExecutionOptions executionOptions)
        : XunitTestAssemblyRunner(testAssembly, testCases, diagnosticMessageSink, executionMessageSink, executionOptions)
    {
        protected override async Task BeforeTestAssemblyFinishedAsync()
        {
            await Aggregator.RunAsync(() => TestRunnerManager.OnTestRunEndAsync(typeof(FeatureRunner).Assembly));
            await base.BeforeTestAssemblyFinishedAsync();
        }
    }
}

using Reqnroll;
using Reqnroll.UnitTestProvider;

namespace ContactCentre.Features.Bridge;

/// <summary>
/// xUnit 2 cannot mark a running test as skipped or inconclusive, so every such outcome fails the
/// test with a <see cref="ScenarioPendingException"/> that says why.
/// </summary>
public sealed class XunitRuntimeProvider : IUnitTestRuntimeProvider
{
    public void TestPending(string message) => throw new ScenarioPendingException(message);

    public void TestInconclusive(string message) => throw new ScenarioPendingException(message);

    public void TestIgnore(string message) => throw new ScenarioPendingException(message);

    public ScenarioExecutionStatus? DetectExecutionStatus(Exception exception) =>
        exception is ScenarioPendingException ? ScenarioExecutionStatus.StepDefinitionPending : null;
}

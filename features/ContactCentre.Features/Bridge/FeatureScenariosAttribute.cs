using System.Reflection;
using Xunit.Sdk;

namespace ContactCentre.Features.Bridge;

/// <summary>
/// Supplies one <see cref="ScenarioCase"/> per scenario (and per outline Examples row) of a feature file
/// to a <c>[Theory]</c>, so that each scenario is its own xUnit test case.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true)]
public sealed class FeatureScenariosAttribute(string featurePath) : DataAttribute
{
    /// <summary>Path of the .feature file relative to the project (and so to the test output folder).</summary>
    public string FeaturePath { get; } = featurePath;

    public override IEnumerable<object[]> GetData(MethodInfo testMethod) =>
        ScenarioCase.AllIn(FeaturePath).Select(scenario => new object[] { scenario });
}

using ContactCentre.Domain.Flows;
using NodaTime;

namespace ContactCentre.Domain.Tests.Flows;

/// <summary>Flows written as the JSON an administrator writes, read through <see cref="FlowReader"/>.</summary>
internal static class TestFlows
{
    /// <summary>A Monday noon in Helsinki (10:00 UTC in winter time).</summary>
    public static readonly Instant Now = Instant.FromUtc(2025, 1, 13, 10, 0);

    /// <summary>Reads a flow of the given modules (JSON objects, single quotes for readability), failing on any error.</summary>
    public static Flow Read(params string[] modules)
    {
        var result = FlowReader.Read(Json(modules));
        Assert.True(result.Errors.Count == 0, string.Join("\n", result.Errors));
        return result.Flow!;
    }

    public static string Json(params string[] modules) =>
        ("{ 'name': 'Test', 'modules': [ " + string.Join(", ", modules) + " ] }").Replace('\'', '"');

    public static FlowInterpreter Interpreter(params string[] modules) => new(Read(modules));

    public static IReadOnlyList<string> Prompts(FlowStep step) => Assert.IsType<PlayPrompts>(step.Action).Prompts;
}

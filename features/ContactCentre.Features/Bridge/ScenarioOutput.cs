using Reqnroll.Tracing;
using Xunit.Abstractions;

namespace ContactCentre.Features.Bridge;

/// <summary>
/// Sends Reqnroll's step trace ("Given ... -> done") and IReqnrollOutputHelper lines to the running
/// test's xUnit output; xUnit 2 does not capture the console. Outside a scenario it writes to the console.
/// </summary>
public sealed class ScenarioOutput : ITraceListener, IThreadSafeTraceListener
{
    private static readonly AsyncLocal<ITestOutputHelper?> Current = new();

    /// <summary>Routes output for the rest of the calling async flow (one scenario run) to <paramref name="output"/>.</summary>
    internal static void RouteTo(ITestOutputHelper? output) => Current.Value = output;

    public void WriteTestOutput(string message) => Write(message);

    public void WriteToolOutput(string message) => Write($"-> {message}");

    private static void Write(string message)
    {
        if (Current.Value is { } output)
        {
            output.WriteLine(message);
        }
        else
        {
            Console.WriteLine(message);
        }
    }
}

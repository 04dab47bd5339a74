using System.Globalization;
using System.Text.RegularExpressions;

namespace ContactCentre.Interop.Tests.Peers;

/// <summary>How a SIPp run ended: exit code, its final statistics screen and its error log.</summary>
public sealed partial record SippResult(int ExitCode, string ScreenStatistics, string ErrorLog, string Output)
{
    public int SuccessfulCalls => Cumulative(SuccessfulCallPattern());

    public int FailedCalls => Cumulative(FailedCallPattern());

    /// <summary>SIPp's documented exit codes.</summary>
    public string ExitCodeMeaning => ExitCode switch
    {
        0 => "all calls succeeded",
        1 => "at least one call failed",
        97 => "exit on internal command",
        99 => "normal exit without calls processed",
        -1 => "fatal error",
        -2 => "fatal error binding a socket",
        _ => "unknown",
    };

    public override string ToString() =>
        $"sipp exited with {ExitCode} ({ExitCodeMeaning}); {SuccessfulCalls} successful, {FailedCalls} failed calls.\n" +
        $"--- screen ---\n{ScreenStatistics}\n--- error log ---\n{ErrorLog}\n--- output ---\n{Output}";

    // The screen file holds every screen SIPp drew; the last "Cumulative value" column is final.
    private int Cumulative(Regex pattern)
    {
        var matches = pattern.Matches(ScreenStatistics);
        return matches.Count == 0 ? 0 : int.Parse(matches[^1].Groups[1].Value, CultureInfo.InvariantCulture);
    }

    [GeneratedRegex(@"Successful call\s*\|\s*\d+\s*\|\s*(\d+)")]
    private static partial Regex SuccessfulCallPattern();

    [GeneratedRegex(@"Failed call\s*\|\s*\d+\s*\|\s*(\d+)")]
    private static partial Regex FailedCallPattern();
}

using System.Globalization;
using ContactCentre.Interop.Tests.Peers;

namespace ContactCentre.Interop.Tests.Sip;

/// <summary>
/// The per-message table of SIPp's final screen (Messages, Retrans, Timeout, Unexp., Lost): values are
/// printed under the start of their column heading, so columns are read by position.
/// </summary>
public static class SippStatistics
{
    private static readonly string[] Columns = ["Messages", "Retrans", "Timeout", "Unexp.", "Lost"];

    /// <summary>Messages SIPp sent again because no answer came (its retransmission timers).</summary>
    public static int Retransmissions(SippResult result) => Sum(result, "Retrans");

    /// <summary>Messages SIPp dropped on purpose (<c>-lost</c>), sent and received.</summary>
    public static int Lost(SippResult result) => Sum(result, "Lost");

    private static int Sum(SippResult result, string column)
    {
        var lines = result.ScreenStatistics.Split('\n');
        // The screen file holds several screens; the last message table is the final one.
        var header = Array.FindLastIndex(lines, line => Columns.All(name => line.Contains(name, StringComparison.Ordinal)));
        if (header < 0)
        {
            return 0;
        }

        var starts = Columns.Select(name => lines[header].IndexOf(name, StringComparison.Ordinal)).ToArray();
        var index = Array.IndexOf(Columns, column);
        var end = index + 1 < starts.Length ? starts[index + 1] : int.MaxValue;
        var sum = 0;
        foreach (var line in lines.Skip(header + 1).TakeWhile(line => line.Trim().Length > 0))
        {
            if (line.Length <= starts[index])
            {
                continue;
            }

            var cell = line[starts[index]..Math.Min(end, line.Length)].Trim();
            if (int.TryParse(cell, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
            {
                sum += value;
            }
        }

        return sum;
    }
}

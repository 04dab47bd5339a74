using System.Globalization;

namespace ContactCentre.Load.Sip;

/// <summary>
/// The last row of SIPp's <c>-trace_stat</c> CSV (cumulative "(C)" columns): calls, failures,
/// retransmissions and response time 1 (INVITE to 200, marked <c>rtd</c> in the built-in uac).
/// </summary>
public sealed record SippStatistics(
    int SuccessfulCalls,
    int FailedCalls,
    int Retransmissions,
    int UnexpectedMessageFailures,
    int TimeoutFailures,
    TimeSpan Elapsed,
    TimeSpan ResponseTime,
    TimeSpan ResponseTimeDeviation,
    string ResponseTimeRepartition)
{
    public double CallsPerSecond => Elapsed > TimeSpan.Zero ? SuccessfulCalls / Elapsed.TotalSeconds : 0;

    public static SippStatistics? Read(string csvPath)
    {
        if (!File.Exists(csvPath))
        {
            return null;
        }

        var lines = File.ReadAllLines(csvPath).Where(line => line.Length > 0).ToArray();
        if (lines.Length < 2)
        {
            return null;
        }

        var names = lines[0].Split(';');
        var values = lines[^1].Split(';');
        var row = names.Zip(values).ToDictionary(pair => pair.First, pair => pair.Second, StringComparer.Ordinal);
        var repartition = string.Join(' ', row
            .Where(cell => cell.Key.StartsWith("ResponseTimeRepartition1_", StringComparison.Ordinal) && cell.Value != "0")
            .Select(cell => $"{cell.Key["ResponseTimeRepartition1_".Length..]}ms:{cell.Value}"));
        return new SippStatistics(
            Int(row, "SuccessfulCall(C)"),
            Int(row, "FailedCall(C)"),
            Int(row, "Retransmissions(C)"),
            Int(row, "FailedUnexpectedMessage(C)"),
            Int(row, "FailedTimeoutOnRecv(C)") + Int(row, "FailedMaxUDPRetrans(C)"),
            Epoch(row, "CurrentTime") - Epoch(row, "StartTime"),
            Duration(row, "ResponseTime1(C)"),
            Duration(row, "ResponseTime1StDev(C)"),
            repartition);
    }

    private static int Int(Dictionary<string, string> row, string name) =>
        row.TryGetValue(name, out var text) && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : 0;

    // "2026-11-27\t19:19:35.703564\t1795807175.703564": the last field is Unix time in seconds.
    private static TimeSpan Epoch(Dictionary<string, string> row, string name) =>
        row.TryGetValue(name, out var text)
        && double.TryParse(text.Split('\t')[^1], NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds)
            ? TimeSpan.FromSeconds(seconds)
            : TimeSpan.Zero;

    // "00:00:00:100000" is hours:minutes:seconds:microseconds.
    private static TimeSpan Duration(Dictionary<string, string> row, string name)
    {
        if (!row.TryGetValue(name, out var text))
        {
            return TimeSpan.Zero;
        }

        var parts = text.Split(':');
        return parts.Length == 4 && parts.All(part => long.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out _))
            ? new TimeSpan(0, int.Parse(parts[0], CultureInfo.InvariantCulture), int.Parse(parts[1], CultureInfo.InvariantCulture),
                int.Parse(parts[2], CultureInfo.InvariantCulture)) + TimeSpan.FromMicroseconds(long.Parse(parts[3], CultureInfo.InvariantCulture))
            : TimeSpan.Zero;
    }
}

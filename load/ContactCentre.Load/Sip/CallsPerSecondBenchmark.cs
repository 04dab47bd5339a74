using System.Diagnostics;

namespace ContactCentre.Load.Sip;

/// <summary>
/// Calls per second through a UAS: SIPp's built-in uac (INVITE, ACK, BYE, no pause) at a fixed rate
/// against our endpoint, then the same load against SIPp's own built-in uas as the yardstick.
/// </summary>
public static class CallsPerSecondBenchmark
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(1);

    // The share of the offered rate a side must achieve to count as carrying it in a ramp.
    private const double KeptUpShare = 0.95;

    public static async Task<int> RunAsync(int rate, int calls, TimeSpan limit)
    {
        PrintHeader($"{calls} calls at {rate} CPS, at most {limit.TotalSeconds:0} s per side");
        var ours = await DriveOursAsync(rate, calls, limit);
        await Task.Delay(Settle);
        var sipps = await DriveSippUasAsync(rate, calls, limit);
        Print(ours);
        Print(sipps);
        PrintRatio(ours, sipps);
        return ours.Statistics is { FailedCalls: 0 } && !ours.TimedOut ? 0 : 1;
    }

    public static async Task<int> RampAsync(IReadOnlyList<int> rates, TimeSpan step, TimeSpan limit)
    {
        PrintHeader($"ramp {string.Join(", ", rates)} CPS, {step.TotalSeconds:0} s of calls each");
        var results = new List<(int Rate, Outcome Ours, Outcome Sipps)>();
        foreach (var rate in rates)
        {
            var calls = (int)(rate * step.TotalSeconds);
            var ours = await DriveOursAsync(rate, calls, limit);
            await Task.Delay(Settle);
            var sipps = await DriveSippUasAsync(rate, calls, limit);
            await Task.Delay(Settle);
            Console.WriteLine($"--- {rate} CPS, {calls} calls ---");
            Print(ours);
            Print(sipps);
            PrintRatio(ours, sipps);
            results.Add((rate, ours, sipps));
        }

        Console.WriteLine();
        Console.WriteLine($"highest rate carried (zero failed calls, >= {KeptUpShare:P0} of the offered rate): ours {Highest(results.Select(r => (r.Rate, r.Ours)))}, " +
            $"SIPp uas {Highest(results.Select(r => (r.Rate, r.Sipps)))}");
        return 0;
    }

    private static async Task<Outcome> DriveOursAsync(int rate, int calls, TimeSpan limit)
    {
        await using var uas = await AnsweringUas.StartAsync();
        // Cost per call, which the machine's other load does not change: our process's CPU time and allocation.
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: false);
        var collectionsBefore = GC.CollectionCount(0);
        await using var uac = SippProcess.Start("uac", uas.Address, rate, calls);
        var clock = Stopwatch.StartNew();
        var (exitCode, timedOut, statistics) = await uac.WaitAsync(limit);
        // Our handlers finish a moment after SIPp counts the call (the last ACKs and BYEs are still queued).
        await uas.WaitForHandlersAsync(calls, Settle);
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        var allocated = GC.GetTotalAllocatedBytes(precise: false) - allocatedBefore;
        var perCall = Math.Max(1, uas.Answered);
        var note = $"our UAS: {cpu.TotalMilliseconds * 1000 / perCall:N0} µs CPU and {allocated / perCall:N0} B allocated per call " +
            $"(process CPU {cpu.TotalSeconds:0.0} s, {GC.CollectionCount(0) - collectionsBefore} gen0 GCs); " +
            $"{uas.Answered} answered and ACKed, {uas.Failed} failed, {uas.DiagnosticCount} diagnostics" +
            (uas.DiagnosticCount > 0 ? $" (first: {string.Join(" | ", uas.FirstDiagnostics)})" : "");
        return new Outcome("ours (SipEndpoint)", rate, calls, exitCode, timedOut, clock.Elapsed, statistics, note);
    }

    private static async Task<Outcome> DriveSippUasAsync(int rate, int calls, TimeSpan limit)
    {
        await using var uas = SippProcess.Start("uas", null, rate, calls);
        // SIPp binds its socket a moment after it starts; the uac's INVITE would be retransmitted otherwise.
        await Task.Delay(TimeSpan.FromMilliseconds(300));
        await using var uac = SippProcess.Start("uac", uas.Address, rate, calls);
        var clock = Stopwatch.StartNew();
        var (exitCode, timedOut, statistics) = await uac.WaitAsync(limit);
        return new Outcome("SIPp uas", rate, calls, exitCode, timedOut, clock.Elapsed, statistics, "");
    }

    private static string Highest(IEnumerable<(int Rate, Outcome Outcome)> results) =>
        results.Where(r => r.Outcome.Clean).Select(r => $"{r.Rate} CPS").LastOrDefault() ?? "none";

    private static void PrintHeader(string what) =>
        Console.WriteLine($"SIP calls per second, {what}; {Environment.ProcessorCount} CPUs, .NET {Environment.Version}; " +
            "SIPp built-in uac (INVITE, 100/180 optional, 200, ACK, BYE, 200) over UDP on 127.0.0.1");

    private static void Print(Outcome outcome)
    {
        var s = outcome.Statistics;
        Console.WriteLine(s is null
            ? $"{outcome.Side,-20} no SIPp statistics (exit {outcome.ExitCode}{(outcome.TimedOut ? ", stopped at the time limit" : "")})"
            : $"{outcome.Side,-20} {s.SuccessfulCalls,6} ok {s.FailedCalls,5} failed of {outcome.Calls} in {s.Elapsed.TotalSeconds,6:0.00} s " +
              $"= {s.CallsPerSecond,7:0.0} CPS (target {outcome.Rate}); retrans {s.Retransmissions}; " +
              $"INVITE→200 avg {s.ResponseTime.TotalMilliseconds:0.0} ms sd {s.ResponseTimeDeviation.TotalMilliseconds:0.0} ms [{s.ResponseTimeRepartition}]; " +
              $"sipp exit {outcome.ExitCode}{(outcome.TimedOut ? ", stopped at the time limit" : "")}");
        if (outcome.Note.Length > 0)
        {
            Console.WriteLine($"{"",-20} {outcome.Note}");
        }
    }

    private static void PrintRatio(Outcome ours, Outcome sipps)
    {
        if (ours.Statistics is { } o && sipps.Statistics is { } s && s.CallsPerSecond > 0)
        {
            Console.WriteLine($"{"ours / SIPp uas",-20} {o.CallsPerSecond / s.CallsPerSecond:0.00} (calls per second achieved)");
        }
    }

    private sealed record Outcome(string Side, int Rate, int Calls, int ExitCode, bool TimedOut, TimeSpan Wall, SippStatistics? Statistics, string Note)
    {
        // Zero failures is not enough: a side that fell behind the offered rate did not carry it.
        public bool Clean => !TimedOut && Statistics is { FailedCalls: 0 } s && s.SuccessfulCalls == Calls
            && s.CallsPerSecond >= Rate * KeptUpShare;
    }
}

using System.Diagnostics;
using ContactCentre.Sip;

namespace ContactCentre.Load.Sip;

/// <summary>
/// Throughput and allocation of <see cref="SipParser.TryParse"/> and <see cref="SipMessage.ToBytes"/> on one
/// thread: a warm-up (JIT tiering), then a loop bounded in time. Allocation is
/// <see cref="GC.GetAllocatedBytesForCurrentThread"/> around the measured loop, divided by its iterations.
/// </summary>
public static class SipParseBenchmark
{
    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(0.5);

    // The clock is read once per batch so it does not weigh on a loop of a few microseconds.
    private const int Batch = 256;

    public static int Run(TimeSpan duration)
    {
        Console.WriteLine($"SIP parse/serialize, {duration.TotalSeconds:0.#} s per case after {WarmUp.TotalSeconds:0.#} s warm-up, " +
            $"{Environment.ProcessorCount} CPUs, .NET {Environment.Version}, {(IsOptimized() ? "Release" : "Debug (numbers not representative)")}");
        Console.WriteLine($"{"case",-26} {"bytes",6} {"msg/s",12} {"ns/msg",9} {"alloc B/msg",12}");
        var cases = new[]
        {
            ("INVITE", TypicalMessages.Invite), ("INVITE +20 hdrs", TypicalMessages.InviteWithUninspectedHeaders(20)),
            ("200 OK", TypicalMessages.Ok),
        };
        var parseOnly = new Dictionary<string, double>();
        foreach (var (name, bytes) in cases)
        {
            var parsed = Parse(bytes);
            parseOnly[name] = Report($"parse {name}", bytes.Length, Measure(() => Parse(bytes), duration));
            Report($"parse+read {name}", bytes.Length, Measure(() => ParseAndRead(bytes), duration));
            Report($"serialize {name}", bytes.Length, Measure(() => parsed.ToBytes(), duration));
        }
        // The goal: headers the stack never reads cost nothing but their slot in the message's one field table.
        Console.WriteLine($"uninspected header: {(parseOnly["INVITE +20 hdrs"] - parseOnly["INVITE"]) / 20:N1} B each " +
            "(parse only; the received header section is one array, the field table another, whatever the count)");

        return 0;
    }

    private static SipMessage Parse(byte[] bytes) =>
        SipParser.TryParse(bytes, out var message, out var error)
            ? message!
            : throw new InvalidOperationException($"The benchmark's sample message does not parse: {error}");

    /// <summary>Parse, then read what a UAS reads of every request: the transaction and dialog keys.</summary>
    private static object ParseAndRead(byte[] bytes)
    {
        var message = Parse(bytes);
        _ = message.TopVia;
        _ = message.CallId;
        _ = message.CSeq;
        _ = message.FromTag;
        _ = message.ToTag;
        return message;
    }

    private static (long Iterations, TimeSpan Elapsed, long Allocated) Measure(Func<object> operation, TimeSpan duration)
    {
        Loop(operation, WarmUp);
        var before = GC.GetAllocatedBytesForCurrentThread();
        var (iterations, elapsed) = Loop(operation, duration);
        return (iterations, elapsed, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    private static (long Iterations, TimeSpan Elapsed) Loop(Func<object> operation, TimeSpan duration)
    {
        var clock = Stopwatch.StartNew();
        long iterations = 0;
        object? last = null;
        while (clock.Elapsed < duration)
        {
            for (var i = 0; i < Batch; i++)
            {
                last = operation();
            }

            iterations += Batch;
        }

        GC.KeepAlive(last);
        return (iterations, clock.Elapsed);
    }

    private static double Report(string name, int size, (long Iterations, TimeSpan Elapsed, long Allocated) result)
    {
        var perSecond = result.Iterations / result.Elapsed.TotalSeconds;
        var allocated = (double)result.Allocated / result.Iterations;
        Console.WriteLine($"{name,-26} {size,6} {perSecond,12:N0} {1e9 / perSecond,9:N0} {allocated,12:N0}");
        return allocated;
    }

    private static bool IsOptimized() =>
        typeof(SipParseBenchmark).Assembly.GetCustomAttributes(typeof(DebuggableAttribute), false)
            .OfType<DebuggableAttribute>().All(d => !d.IsJITOptimizerDisabled);
}

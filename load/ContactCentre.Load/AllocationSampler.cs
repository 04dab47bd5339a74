using System.Collections.Concurrent;
using System.Diagnostics.Tracing;

namespace ContactCentre.Load;

/// <summary>
/// Which types a run allocates most, from the runtime's own GC AllocationTick events (one per ~100 KB allocated,
/// naming the type that crossed the mark): a sample, proportional to bytes, at almost no cost to the run.
/// </summary>
public sealed class AllocationSampler : EventListener
{
    private const EventKeywords GcKeyword = (EventKeywords)0x1;
    private readonly ConcurrentDictionary<string, long> _bytesByType = new();

    protected override void OnEventSourceCreated(EventSource source)
    {
        if (source.Name == "Microsoft-Windows-DotNETRuntime")
        {
            EnableEvents(source, EventLevel.Verbose, GcKeyword);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs e)
    {
        if (e.EventName != "GCAllocationTick_V4" || e.Payload is null || e.PayloadNames is null)
        {
            return;
        }

        var type = e.Payload[e.PayloadNames.IndexOf("TypeName")] as string ?? "?";
        var amount = e.Payload[e.PayloadNames.IndexOf("AllocationAmount64")] is ulong bytes ? (long)bytes : 0;
        _bytesByType.AddOrUpdate(type, amount, (_, sum) => sum + amount);
    }

    public void Print(int top)
    {
        var total = Math.Max(1, _bytesByType.Values.Sum());
        Console.WriteLine($"allocation sample (GC AllocationTick), top {top} types by bytes:");
        foreach (var (type, bytes) in _bytesByType.OrderByDescending(p => p.Value).Take(top))
        {
            Console.WriteLine($"  {bytes * 100.0 / total,5:0.0} %  {type}");
        }
    }
}

using System.Diagnostics;

namespace ContactCentre.Load.Routing;

/// <summary>
/// The <c>routing</c> command: (1) simulated calls routed per wall-clock second by the distributor in virtual time,
/// (2) latency from an agent's Ready report to its offer through the router actor in real time, with one agent
/// (nothing else happening) and with all agents cycling (the router under full load).
/// </summary>
public static class RoutingBenchmark
{
    public static async Task<int> RunAsync(int agents, int queues, int calls, TimeSpan seconds)
    {
        Console.WriteLine($"routing: {agents} agents, {queues} queues");

        // Warm-up: the JIT compiles the distributor's paths.
        new SimulatedContactCentre(agents, queues).Run(20_000, TimeSpan.FromSeconds(5));

        var centre = new SimulatedContactCentre(agents, queues);
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        centre.Run(calls, seconds);
        var elapsed = clock.Elapsed;
        // On a machine shared with other work the wall clock also counts time this thread did not run: show CPU time too.
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        Console.WriteLine($"  virtual time: {centre.Answered:N0} calls answered ({centre.Offers:N0} offers, {centre.NoAnswers:N0} no-answers, " +
                          $"{centre.Abandoned:N0} abandoned) over {centre.SimulatedTime.TotalHours:N1} simulated hours in {elapsed.TotalSeconds:N2} s");
        Console.WriteLine($"  routed calls per wall-clock second: {centre.Answered / elapsed.TotalSeconds:N0} (offers per second: {centre.Offers / elapsed.TotalSeconds:N0}); " +
                          $"per CPU second: {centre.Answered / cpu.TotalSeconds:N0} ({cpu.TotalSeconds:N2} s CPU)");

        foreach (var cycling in new[] { 1, agents })
        {
            var result = await RouterLatency.RunAsync(cycling, queues, seconds);
            Console.WriteLine($"  router actor, {cycling} agent{(cycling == 1 ? "" : "s")} cycling Ready → offer: {result.Offers:N0} offers in {result.Elapsed.TotalSeconds:N1} s " +
                              $"({result.OffersPerSecond:N0}/s); latency p50 {result.Micros(50):N0} µs, p99 {result.Micros(99):N0} µs, max {result.Latency.GetValueAtPercentile(100):N0} µs");
        }
        return 0;
    }
}

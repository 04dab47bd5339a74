using ContactCentre.Load.Media;
using ContactCentre.Load.Sip;

namespace ContactCentre.Load;

/// <summary>Load and micro-benchmarks of the reference stack; numbers are printed, never asserted.</summary>
public static class Program
{
    private const string Usage = """
        usage:
          ContactCentre.Load sip-parse [--seconds 2]
              parse and serialize throughput and allocated bytes per message (typical INVITE, 200 OK)
          ContactCentre.Load sip-cps [--rate 500] [--calls 5000] [--timeout 120]
              SIPp's uac against our UAS, then against SIPp's own uas, at the same rate and count
          ContactCentre.Load sip-cps --ramp [250,500,1000,2000] [--seconds 10]
              the same at each rate for a fixed time; reports the highest rate carried
              (zero failed calls and at least 95 % of the offered rate achieved)
          ContactCentre.Load media [--calls 100,250,500,1000] [--seconds 20] [--only ours|rtpengine] [--realtime 10] [--no-record] [--kernel]
              N concurrent bridged and recorded calls of simulated phones through ours, then through
              rtpengine (userspace) when installed: CPU, memory, loss and the jitter each relay adds.
              --realtime N: our media threads, rtpengine's threads and the phones' thread all run SCHED_RR
              at priority N (Linux, root), so other work on a shared machine does not delay them.
              --no-record: ours without its recorders, the same work as rtpengine's.
              --kernel: our bridges forward in the kernel (eBPF at loopback's TCX ingress; Linux 6.6+, root),
              the sessions still receiving a copy of every packet; the forwarding work is then done in the
              context of the phones' sends, so read the machine's busy share, not ours alone.
              Environment for ours: CONTACTCENTRE_RTP_GATHER_MICROSECONDS (receive gathering, default 1000,
              0 = off), CONTACTCENTRE_RTP_RECEIVE=pool (async receive loops instead of the receive threads)
          ContactCentre.Load routing [--agents 1000] [--queues 50] [--calls 1000000] [--seconds 10]
              calls routed per wall-clock second by the distributor in virtual time, and Ready → offer
              latency (p50/p99) through the router actor in real time
          --allocations (any command): afterwards, the types allocated most (sampled by the runtime)
        """;

    public static async Task<int> Main(string[] args)
    {
        if (args.Length == 0)
        {
            Console.Error.WriteLine(Usage);
            return 2;
        }

        try
        {
            var options = CommandLine.Parse(args.Skip(1));
            if (args[0] is "--help" or "-h" or "help" || options.Has("--help"))
            {
                // Asking for help must not start a benchmark of several minutes.
                Console.WriteLine(Usage);
                return 0;
            }

            using var sampler = options.Has("--allocations") ? new AllocationSampler() : null;
            var exitCode = args[0] switch
            {
                "sip-parse" => SipParseBenchmark.Run(options.Seconds("--seconds", 2)),
                "sip-cps" when options.Has("--ramp") => await CallsPerSecondBenchmark.RampAsync(
                    options.Rates("--ramp", [250, 500, 1000, 2000]), options.Seconds("--seconds", 10), options.Seconds("--timeout", 120)),
                "sip-cps" => await CallsPerSecondBenchmark.RunAsync(
                    options.Int("--rate", 500), options.Int("--calls", 5000), options.Seconds("--timeout", 120)),
                "routing" => await Routing.RoutingBenchmark.RunAsync(options.Int("--agents", 1000), options.Int("--queues", 50), options.Int("--calls", 1_000_000), options.Seconds("--seconds", 10)),
                "media" => MediaLoadBenchmark.Run(options.Rates("--calls", [100, 250, 500, 1000]), options.Seconds("--seconds", 20), options.Text("--only", "both"),
                    options.Has("--realtime") ? options.Int("--realtime", 10) : null, record: !options.Has("--no-record"), kernel: options.Has("--kernel")),
                _ => Fail($"unknown command '{args[0]}'"),
            };
            sampler?.Print(25);
            return exitCode;
        }
        catch (ArgumentException e)
        {
            return Fail(e.Message);
        }
        catch (InvalidOperationException e)
        {
            Console.Error.WriteLine(e.Message);
            return 1;
        }
    }

    private static int Fail(string message)
    {
        Console.Error.WriteLine(message);
        Console.Error.WriteLine(Usage);
        return 2;
    }
}

using System.Globalization;
using ContactCentre.Media;
using HdrHistogram;

namespace ContactCentre.Load.Media;

/// <summary>
/// N concurrent two-way calls between simulated phones on 127.0.0.1, relayed first by ours (two RTP sessions,
/// a bridge and a recorder per call) and then by rtpengine in userspace (relaying only), with the same phones
/// and the same figures: CPU, memory, loss and the jitter the relay adds.
/// </summary>
public static class MediaLoadBenchmark
{
    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan Drain = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(1);

    private static int? s_realtime;
    private static bool s_record = true;
    private static bool s_kernel;

    // The goal of issue 4, for the verdict line only.
    private const double GoalLossPercent = 0.1;
    private const double GoalJitterMs = 5;

    public static int Run(IReadOnlyList<int> callCounts, TimeSpan measured, string relays = "both", int? realtime = null, bool record = true, bool kernel = false)
    {
        s_record = record;
        s_kernel = kernel;
        if (relays is not ("both" or "ours" or "rtpengine"))
        {
            throw new ArgumentException($"--only wants ours or rtpengine, not '{relays}'");
        }

        if (realtime is < 1 or > 99)
        {
            throw new ArgumentException($"--realtime wants a priority of 1-99, not {realtime}");
        }

        if (realtime is { } priority)
        {
            // Read by our media threads as they start (receive threads, media clock): set before any session opens.
            Environment.SetEnvironmentVariable("CONTACTCENTRE_MEDIA_REALTIME_PRIORITY", priority.ToString(CultureInfo.InvariantCulture));
        }

        s_realtime = realtime;
        if (realtime is { } above && !RealtimeScheduling.TryApplyToCurrentThread(Math.Min(99, above + 1), out var refusal))
        {
            // This thread samples CPU and memory at the window's edges: starved behind the real-time threads, its samples would come late.
            Console.WriteLine($"(the sampling thread could not have real-time priority: {refusal})");
        }

        StampedPayload.CheckSurvivesTranscoding();
        Console.WriteLine($"Media relay load: {string.Join(", ", callCounts)} concurrent calls, {WarmUp.TotalSeconds:0} s warm-up then {measured.TotalSeconds:0} s measured each; " +
            $"{Environment.ProcessorCount} CPUs, .NET {Environment.Version}{(Releases() ? "" : ", DEBUG build (not representative)")}");
        Console.WriteLine("Each call: caller and agent phones each send PCMU 20 ms (172-byte packets) both ways through the relay on 127.0.0.1.");
        Console.WriteLine("ours: 2 RtpSessions + MediaBridge (both legs PCMU: payloads forwarded as they came, under each leg's own header) " +
            (record ? "+ CallRecorder (decodes both legs into a stereo WAV in a temp folder) per call. " : "per call, NO RECORDER (--no-record: the same work as rtpengine). ") +
            "rtpengine: userspace relay, no recording, no transcoding (we record, it doesn't).");
        Console.WriteLine($"Phones: one thread in 1 ms rounds, {(DatagramBatch.IsNative ? "sendmmsg/recvmmsg" : "one send/receive per packet")}; " +
            "added jitter = a packet's delay from its send stamp to its arrival on the phone's socket, minus its stream's fastest. " +
            $"Our receive threads gather for {Environment.GetEnvironmentVariable("CONTACTCENTRE_RTP_GATHER_MICROSECONDS") ?? "1000 (default)"} µs after a wake-up " +
            $"(CONTACTCENTRE_RTP_GATHER_MICROSECONDS); receive path: {Environment.GetEnvironmentVariable("CONTACTCENTRE_RTP_RECEIVE") ?? "epoll threads"}.");
        Console.WriteLine(realtime is { } rt
            ? $"Scheduling: SCHED_RR priority {rt} for our media threads, rtpengine's threads and the phones' thread (--realtime): other work on the machine waits behind them."
            : "Scheduling: ordinary (CFS) for all; on a shared machine other work delays relays and phones alike (see others' CPU and load average per figure; --realtime N to shield them).");
        using var rtpengine = relays == "ours" ? null : StartRtpEngine();
        var rows = new List<(int Calls, Outcome? Ours, Outcome? Theirs)>();
        foreach (var calls in callCounts)
        {
            Console.WriteLine();
            Console.WriteLine($"--- {calls} calls ({calls * 2 * 50} packets/s into the relay, as many out) ---");
            Outcome? ours = null;
            if (relays != "rtpengine")
            {
                ours = MeasureOurs(calls, measured);
                Print(ours);
                Thread.Sleep(Settle);
            }

            Outcome? theirs = null;
            if (rtpengine is not null)
            {
                theirs = MeasureRtpEngine(rtpengine, calls, measured);
                Print(theirs);
                if (ours is not null)
                {
                    PrintRatio(ours, theirs);
                }

                Thread.Sleep(Settle);
            }

            rows.Add((calls, ours, theirs));
        }

        PrintTable(rows);
        return 0;
    }

    private static RtpEngineRelay? StartRtpEngine()
    {
        var relay = RtpEngineRelay.Start(s_realtime);
        if (relay is not null)
        {
            Console.WriteLine($"rtpengine {relay.Version} pid {relay.Pid}, userspace forwarding (--table=-1).");
        }

        return relay;
    }

    private static Outcome MeasureOurs(int calls, TimeSpan measured)
    {
        using var phones = new SimulatedPhones(calls, s_realtime);
        NoteArrivalTimes(phones);
        using var bridges = new RecordedBridges(phones, s_record, s_kernel);
        long allocatedBefore = 0;
        int gen0Before = 0, gen2Before = 0;
        var outcome = Measure((s_record ? "ours" : "ours-norec") + (s_kernel ? "+kernel" : ""), ProcFigures.OwnPid, phones, measured, () =>
        {
            allocatedBefore = GC.GetTotalAllocatedBytes();
            gen0Before = GC.CollectionCount(0);
            gen2Before = GC.CollectionCount(2);
        }, () => (Environment.WorkingSet, GC.GetTotalMemory(forceFullCollection: false),
            $"GC: {GC.GetTotalAllocatedBytes() - allocatedBefore} B allocated in the window, {GC.CollectionCount(0) - gen0Before} gen0 / {GC.CollectionCount(2) - gen2Before} gen2 collections; " +
            $"{bridges.RecordedBytes / 1e6:0} MB recorded{bridges.KernelFigures}"));
        return outcome;
    }

    private static Outcome MeasureRtpEngine(RtpEngineRelay relay, int calls, TimeSpan measured)
    {
        using var phones = new SimulatedPhones(calls, s_realtime);
        NoteArrivalTimes(phones);
        var callIds = Enumerable.Range(0, calls).Select(call => $"load-{calls}-{call}-{Guid.NewGuid():N}").ToArray();
        try
        {
            for (var call = 0; call < calls; call++)
            {
                var (callerSendsTo, agentSendsTo) = relay.Connect(callIds[call], phones.CallerAddress(call), phones.AgentAddress(call));
                phones.Aim(call, callerSendsTo, agentSendsTo);
            }

            return Measure("rtpengine", relay.Pid, phones, measured, () => { }, () => (ProcFigures.ResidentBytes(relay.Pid), null, ""));
        }
        finally
        {
            foreach (var callId in callIds)
            {
                relay.Delete(callId);
            }
        }
    }

    private static void NoteArrivalTimes(SimulatedPhones phones)
    {
        if (!phones.KernelArrivalTimes)
        {
            Console.WriteLine("(no kernel arrival times on this system: delays end when the phone thread reads, so they include its 1 ms rounds)");
        }
    }

    /// <summary>The 1, 5 and 15 minute load averages, as uptime shows them: how busy the shared machine was.</summary>
    private static string LoadAverage()
    {
        try
        {
            var fields = File.ReadAllText("/proc/loadavg").Split(' ');
            return $"{fields[0]} {fields[1]} {fields[2]}";
        }
        catch (IOException)
        {
            return "n/a";
        }
    }

    private static Outcome Measure(string side, int pid, SimulatedPhones phones, TimeSpan measured,
        Action atStart, Func<(long Resident, long? Heap, string Note)> atEnd)
    {
        ProcSample? begin = null, end = null;
        var ports = phones.Ports;
        (long Resident, long? Heap, string Note) memory = default;
        var figures = phones.Run(WarmUp, measured, Drain, starting =>
        {
            if (starting)
            {
                atStart();
                begin = ProcSample.Take(pid, ports);
            }
            else
            {
                end = ProcSample.Take(pid, ports);
                memory = atEnd();
            }
        });
        return new Outcome(side, phones.Calls, figures, begin!, end!, memory.Resident, memory.Heap, memory.Note ?? "", LoadAverage());
    }

    private static void Print(Outcome o)
    {
        Console.WriteLine($"{o.Side,-10} CPU {o.SubjectCorePercent,5:0} % of a core = {o.SubjectCorePercent / Environment.ProcessorCount,4:0.0} % of the machine " +
            $"(simulator {o.SimulatorCorePercent:0} % of a core; machine busy {o.MachineBusyPercent:0} %, of which other processes {o.OthersCorePercent:0} % of a core; load average {o.LoadAverage}); " +
            $"memory {Mb(o.ResidentBytes)} MB resident{(o.HeapBytes is { } heap ? $", GC heap {Mb(heap)} MB (resident includes the simulator)" : "")}");
        var f = o.Phones;
        Console.WriteLine($"{"",-10} packets sent {f.Sent}, received {f.Received}, lost {f.LossPercent:0.000} %{(f.SilentStreams > 0 ? $" ({f.SilentStreams} streams got nothing)" : "")}; " +
            $"kernel UDP drops: receive buffer {o.End.ReceiveBufferErrors - o.Begin.ReceiveBufferErrors} (of which the phones' sockets {o.End.SimulatorSocketDrops - o.Begin.SimulatorSocketDrops}), send buffer {o.End.SendBufferErrors - o.Begin.SendBufferErrors}");
        Console.WriteLine($"{"",-10} added jitter p50 {Ms(f.AddedJitter, 50)} p99 {Ms(f.AddedJitter, 99)} max {Max(f.AddedJitter)} ms; " +
            $"transit p50 {Ms(f.Transit, 50)} p99 {Ms(f.Transit, 99)} max {Max(f.Transit)} ms; simulator sending late p99 {Ms(f.SenderLateness, 99)} max {Max(f.SenderLateness)} ms");
        if (o.Note.Length > 0)
        {
            Console.WriteLine($"{"",-10} {o.Note}");
        }

        if (o.End.OwnThreads.Count > 0)
        {
            // Where our process spends its CPU, by thread name: the pool, the socket engine, the media clock.
            var wall = o.WallSeconds;
            var busiest = o.End.OwnThreads.Select(t => (t.Key, Seconds: (t.Value - o.Begin.OwnThreads.GetValueOrDefault(t.Key)).TotalSeconds))
                .Where(t => t.Seconds > 0 && !t.Key.StartsWith(SimulatedPhones.ThreadPrefix, StringComparison.Ordinal)).OrderByDescending(t => t.Seconds).Take(6);
            Console.WriteLine($"{"",-10} its threads (% of a core): {string.Join(", ", busiest.Select(t => $"{t.Key} {100 * t.Seconds / wall:0}"))}");
        }
    }

    private static void PrintRatio(Outcome ours, Outcome theirs) =>
        Console.WriteLine($"{"ours/rtpengine",-10} CPU {Ratio(ours.SubjectCorePercent, theirs.SubjectCorePercent)}, resident memory {Ratio(ours.ResidentBytes, theirs.ResidentBytes)}, " +
            $"added jitter p99 {Ratio(P(ours.Phones.AddedJitter, 99), P(theirs.Phones.AddedJitter, 99))}");

    private static void PrintTable(List<(int Calls, Outcome? Ours, Outcome? Theirs)> rows)
    {
        Console.WriteLine();
        Console.WriteLine("| calls | relay | CPU % of a core | % of machine | others' CPU % of a core | load avg | resident MB | GC heap MB | lost % | added jitter p50 / p99 / max ms | goal met |");
        Console.WriteLine("|------:|-------|----------------:|-------------:|------------------------:|----------|------------:|-----------:|-------:|---------------------------------|----------|");
        foreach (var (calls, ours, theirs) in rows)
        {
            foreach (var o in new[] { ours, theirs }.OfType<Outcome>())
            {
                var f = o.Phones;
                bool met = f.LossPercent < GoalLossPercent && P(f.AddedJitter, 99) < GoalJitterMs * 1000;
                Console.WriteLine($"| {calls} | {o.Side} | {o.SubjectCorePercent:0} | {o.SubjectCorePercent / Environment.ProcessorCount:0.0} | {o.OthersCorePercent:0} | {o.LoadAverage} | {Mb(o.ResidentBytes)} | " +
                    $"{(o.HeapBytes is { } heap ? Mb(heap) : "-")} | {f.LossPercent:0.000} | {Ms(f.AddedJitter, 50)} / {Ms(f.AddedJitter, 99)} / {Max(f.AddedJitter)} | {(o.Side == "ours-norec" ? "n/a (not recorded)" : met ? "yes" : "no")} |");
            }

            if (ours is not null && theirs is not null)
            {
                Console.WriteLine($"| {calls} | ours/rtpengine | {Ratio(ours.SubjectCorePercent, theirs.SubjectCorePercent)} | | | | {Ratio(ours.ResidentBytes, theirs.ResidentBytes)} | | | " +
                    $"p99 {Ratio(P(ours.Phones.AddedJitter, 99), P(theirs.Phones.AddedJitter, 99))} | |");
            }
        }

        Console.WriteLine($"goal (issue 4): 1,000 bridged and recorded calls with < {GoalLossPercent} % loss and < {GoalJitterMs} ms p99 added jitter.");
    }

    private static long P(LongHistogram histogram, double percentile) => histogram.TotalCount == 0 ? 0 : histogram.GetValueAtPercentile(percentile);

    private static string Ms(LongHistogram histogram, double percentile) => (P(histogram, percentile) / 1000.0).ToString("0.00", CultureInfo.InvariantCulture);

    private static string Max(LongHistogram histogram) => (histogram.TotalCount == 0 ? 0 : histogram.GetMaxValue() / 1000.0).ToString("0.00", CultureInfo.InvariantCulture);

    private static string Mb(long bytes) => (bytes / 1e6).ToString("0", CultureInfo.InvariantCulture);

    private static string Ratio(double ours, double theirs) => theirs <= 0 ? "n/a" : (ours / theirs).ToString("0.00", CultureInfo.InvariantCulture);

    private static bool Releases()
    {
#if DEBUG
        return false;
#else
        return true;
#endif
    }

    private sealed record Outcome(string Side, int Calls, PhoneFigures Phones, ProcSample Begin, ProcSample End, long ResidentBytes, long? HeapBytes, string Note, string LoadAverage)
    {
        public double WallSeconds => (End.Timestamp - Begin.Timestamp) / (double)System.Diagnostics.Stopwatch.Frequency;

        public double SubjectCorePercent => 100 * (End.SubjectCpu - Begin.SubjectCpu).TotalSeconds / WallSeconds;

        public double SimulatorCorePercent => 100 * (End.SimulatorCpu - Begin.SimulatorCpu).TotalSeconds / WallSeconds;

        /// <summary>Whatever else ran meanwhile (another benchmark, a build), which the relay had to share the CPUs with.</summary>
        public double OthersCorePercent => Math.Max(0, (MachineBusyPercent * Environment.ProcessorCount) - SubjectCorePercent - SimulatorCorePercent);

        public double MachineBusyPercent => End.MachineTotal == Begin.MachineTotal ? 0
            : 100.0 * (End.MachineBusy - Begin.MachineBusy) / (End.MachineTotal - Begin.MachineTotal);
    }
}

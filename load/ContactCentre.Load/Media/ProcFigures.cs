using System.Diagnostics;
using System.Globalization;

namespace ContactCentre.Load.Media;

/// <summary>
/// CPU, memory and UDP counters read from Linux's /proc, the same way for our process and for rtpengine.
/// CPU time is each thread's time on a CPU in nanoseconds (/proc/PID/task/TID/schedstat), summed: exact, where the
/// tick-sampled utime/stime of /proc/PID/stat misattribute a few percent between threads. Threads that ended during
/// a window drop out of its sum (both relays keep theirs for the whole run).
/// </summary>
public static class ProcFigures
{
    /// <summary>CPU time of a whole process, every live thread.</summary>
    public static TimeSpan ProcessCpu(int pid) => CpuByThreadName(pid).Values.Aggregate(TimeSpan.Zero, (sum, cpu) => sum + cpu);

    /// <summary>CPU time of this process's threads whose name starts with <paramref name="prefix"/>.</summary>
    public static TimeSpan ThreadsCpu(string prefix) => CpuByThreadName(OwnPid)
        .Where(t => t.Key.StartsWith(prefix, StringComparison.Ordinal)).Aggregate(TimeSpan.Zero, (sum, t) => sum + t.Value);

    /// <summary>CPU time of each thread of a process, summed by thread name (the kernel keeps 15 characters of it).</summary>
    public static Dictionary<string, TimeSpan> CpuByThreadName(int pid)
    {
        var byName = new Dictionary<string, TimeSpan>(StringComparer.Ordinal);
        foreach (var task in Directory.EnumerateDirectories($"/proc/{pid}/task"))
        {
            try
            {
                var name = File.ReadAllText(Path.Combine(task, "comm")).TrimEnd('\n');
                var schedstat = File.ReadAllText(Path.Combine(task, "schedstat"));
                long nanoseconds = long.Parse(schedstat.AsSpan(0, schedstat.IndexOf(' ', StringComparison.Ordinal)), CultureInfo.InvariantCulture);
                byName[name] = byName.GetValueOrDefault(name) + TimeSpan.FromTicks(nanoseconds / 100);
            }
            catch (IOException)
            {
                // The thread ended between listing and reading.
            }
        }

        return byName;
    }

    /// <summary>
    /// Datagrams the kernel dropped on the UDP sockets bound to <paramref name="ports"/> on 127.0.0.1 because their
    /// receive buffer was full (the last column of /proc/net/udp, counted over each socket's life).
    /// </summary>
    public static long SocketDrops(IReadOnlySet<int> ports)
    {
        long drops = 0;
        foreach (var line in File.ReadLines("/proc/net/udp").Skip(1))
        {
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var local = fields[1];
            int port = int.Parse(local.AsSpan(local.IndexOf(':', StringComparison.Ordinal) + 1), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            if (ports.Contains(port))
            {
                drops += long.Parse(fields[^1], CultureInfo.InvariantCulture);
            }
        }

        return drops;
    }

    /// <summary>Busy and total clock ticks of all CPUs since boot (/proc/stat; idle and iowait are not busy).</summary>
    public static (long Busy, long Total) MachineCpu()
    {
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
        long total = fields.Take(8).Sum(); // user nice system idle iowait irq softirq steal; guest is inside user
        return (total - fields[3] - fields[4], total);
    }

    /// <summary>The kernel's UDP counters: datagrams dropped because a socket's receive or send buffer was full.</summary>
    public static (long ReceiveBufferErrors, long SendBufferErrors) UdpErrors()
    {
        var lines = File.ReadLines("/proc/net/snmp").Where(l => l.StartsWith("Udp:", StringComparison.Ordinal)).ToArray();
        var names = lines[0].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var values = lines[1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        long Value(string name) => long.Parse(values[Array.IndexOf(names, name)], CultureInfo.InvariantCulture);
        return (Value("RcvbufErrors"), Value("SndbufErrors"));
    }

    /// <summary>Resident set size (VmRSS) of a process, in bytes.</summary>
    public static long ResidentBytes(int pid)
    {
        var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return line is null ? 0 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
    }

    public static int OwnPid => Environment.ProcessId;
}

/// <summary>The counters at one instant of a run, for differences over the measured window.</summary>
public sealed record ProcSample(long Timestamp, TimeSpan SubjectCpu, TimeSpan SimulatorCpu, long MachineBusy, long MachineTotal,
    long ReceiveBufferErrors, long SendBufferErrors, long SimulatorSocketDrops, Dictionary<string, TimeSpan> OwnThreads)
{
    /// <param name="subjectPid">The relay's process; when it is ours, the simulator's threads are subtracted.</param>
    /// <param name="simulatorPorts">The simulated phones' sockets, to tell their drops from the relay's.</param>
    public static ProcSample Take(int subjectPid, IReadOnlySet<int> simulatorPorts)
    {
        // The instant is the middle of the reads, which take a few milliseconds for a thousand sockets' counters.
        long before = Stopwatch.GetTimestamp();
        var simulator = ProcFigures.ThreadsCpu(SimulatedPhones.ThreadPrefix);
        var subject = ProcFigures.ProcessCpu(subjectPid);
        long after = Stopwatch.GetTimestamp();
        if (subjectPid == ProcFigures.OwnPid)
        {
            subject -= simulator;
        }

        var (busy, total) = ProcFigures.MachineCpu();
        var (receive, send) = ProcFigures.UdpErrors();
        var threads = subjectPid == ProcFigures.OwnPid ? ProcFigures.CpuByThreadName(subjectPid) : [];
        return new ProcSample(before + ((after - before) / 2), subject, simulator, busy, total, receive, send, ProcFigures.SocketDrops(simulatorPorts), threads);
    }
}

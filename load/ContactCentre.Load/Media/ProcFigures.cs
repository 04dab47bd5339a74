using System.Diagnostics;
using System.Globalization;

namespace ContactCentre.Load.Media;

/// <summary>
/// CPU, memory and UDP counters read from Linux's /proc, the same way for our process and for rtpengine.
/// CPU times are in clock ticks of 1/100 s (USER_HZ, 100 on every mainstream Linux build).
/// </summary>
public static class ProcFigures
{
    private const double TicksPerSecond = 100;

    /// <summary>User + system CPU time of a whole process, every thread (/proc/PID/stat fields 14 and 15).</summary>
    public static TimeSpan ProcessCpu(int pid) => CpuOfStat(File.ReadAllText($"/proc/{pid}/stat"));

    /// <summary>CPU time of this process's threads whose name starts with <paramref name="prefix"/>.</summary>
    public static TimeSpan ThreadsCpu(string prefix)
    {
        var total = TimeSpan.Zero;
        foreach (var task in Directory.EnumerateDirectories("/proc/self/task"))
        {
            try
            {
                var stat = File.ReadAllText(Path.Combine(task, "stat"));
                int open = stat.IndexOf('(', StringComparison.Ordinal);
                if (stat.AsSpan(open + 1).StartsWith(prefix, StringComparison.Ordinal))
                {
                    total += CpuOfStat(stat);
                }
            }
            catch (IOException)
            {
                // The thread ended between listing and reading.
            }
        }

        return total;
    }

    /// <summary>CPU time of each thread of this process, summed by thread name (the kernel keeps 15 characters of it).</summary>
    public static Dictionary<string, TimeSpan> CpuByThreadName()
    {
        var byName = new Dictionary<string, TimeSpan>(StringComparer.Ordinal);
        foreach (var task in Directory.EnumerateDirectories("/proc/self/task"))
        {
            try
            {
                var stat = File.ReadAllText(Path.Combine(task, "stat"));
                int open = stat.IndexOf('(', StringComparison.Ordinal);
                var name = stat[(open + 1)..stat.LastIndexOf(')')];
                byName[name] = byName.GetValueOrDefault(name) + CpuOfStat(stat);
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

    private static TimeSpan CpuOfStat(string stat)
    {
        // The command name may hold spaces and parentheses; the fields after its closing one are fixed.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        long ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return TimeSpan.FromSeconds(ticks / TicksPerSecond);
    }
}

/// <summary>The counters at one instant of a run, for differences over the measured window.</summary>
public sealed record ProcSample(long Timestamp, TimeSpan SubjectCpu, TimeSpan SimulatorCpu, long MachineBusy, long MachineTotal,
    long ReceiveBufferErrors, long SendBufferErrors, long SimulatorSocketDrops, Dictionary<string, TimeSpan> OwnThreads)
{
    /// <param name="subjectPid">The relay's process; when it is ours, the simulator's threads are subtracted.</param>
    /// <param name="simulatorPorts">The simulated phones' sockets, to tell their drops from the relay's.</param>
    public static ProcSample Take(int subjectPid, IReadOnlySet<int> simulatorPorts)
    {
        var simulator = ProcFigures.ThreadsCpu(SimulatedPhones.ThreadPrefix);
        var subject = ProcFigures.ProcessCpu(subjectPid);
        if (subjectPid == ProcFigures.OwnPid)
        {
            subject -= simulator;
        }

        var (busy, total) = ProcFigures.MachineCpu();
        var (receive, send) = ProcFigures.UdpErrors();
        var threads = subjectPid == ProcFigures.OwnPid ? ProcFigures.CpuByThreadName() : [];
        return new ProcSample(Stopwatch.GetTimestamp(), subject, simulator, busy, total, receive, send, ProcFigures.SocketDrops(simulatorPorts), threads);
    }
}

using System.Diagnostics;
using System.Runtime.InteropServices;

namespace ContactCentre.Media;

/// <summary>
/// Optional real-time scheduling (Linux SCHED_RR) for the media threads: the receive threads and the media clock.
/// A packet relay's latency is mostly how long its threads wait for a CPU, and on a machine that also builds or
/// runs other work an ordinary thread waits behind all of it. As media servers do (FreeSWITCH -rp, rtpengine
/// --scheduling), the process can ask for it: CONTACTCENTRE_MEDIA_REALTIME_PRIORITY=1..99. Off by default; where it
/// is refused (no CAP_SYS_NICE, not Linux) the threads run as ordinary ones and the reason is traced. The kernel's
/// real-time throttling (sched_rt_runtime_us) still leaves other work its share if a media thread ever spins.
/// <para>
/// The per-packet and per-tick methods are marked AggressiveOptimization: .NET's tier-up of quickly jitted code
/// runs on an ordinary background thread, which real-time media threads on a busy machine can starve, leaving
/// the hot path unoptimized for good (measured: 750 bridged calls took 115 % of a core instead of 103 %, and the
/// extra load broke the jitter goal).
/// </para>
/// </summary>
public static class RealtimeScheduling
{
    private const int RoundRobin = 2; // SCHED_RR

    private static readonly Lazy<int?> ConfiguredPriority = new(ReadPriority);

    /// <summary>The priority asked for by the environment, or null when media threads run as ordinary threads.</summary>
    public static int? Priority => ConfiguredPriority.Value;

    /// <summary>Gives the calling thread SCHED_RR at <paramref name="priority"/> (1-99); false (with the reason) when refused.</summary>
    public static bool TryApplyToCurrentThread(int priority, out string? refusal)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(priority, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(priority, 99);
        refusal = null;
        if (!OperatingSystem.IsLinux())
        {
            refusal = "real-time scheduling is set up on Linux only";
            return false;
        }

        try
        {
            var parameters = new SchedParam { Priority = priority };
            if (sched_setscheduler(0, RoundRobin, ref parameters) == 0)
            {
                return true;
            }

            refusal = $"sched_setscheduler failed with errno {Marshal.GetLastPInvokeError()}";
            return false;
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            refusal = ex.Message;
            return false;
        }
    }

    /// <summary>Called first thing on each media thread: applies <see cref="Priority"/> when one is configured.</summary>
    internal static void ApplyConfigured(string thread)
    {
        if (Priority is { } priority && !TryApplyToCurrentThread(priority, out var refusal))
        {
            Trace.TraceWarning($"{thread}: real-time priority {priority} refused ({refusal}); running as an ordinary thread.");
        }
    }

    private static int? ReadPriority()
    {
        var text = Environment.GetEnvironmentVariable("CONTACTCENTRE_MEDIA_REALTIME_PRIORITY");
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        if (int.TryParse(text, out int priority) && priority is >= 1 and <= 99)
        {
            return priority;
        }

        Trace.TraceError($"CONTACTCENTRE_MEDIA_REALTIME_PRIORITY must be 1-99, not '{text}'; media threads run as ordinary threads.");
        return null;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct SchedParam
    {
        public int Priority;
    }

#pragma warning disable SYSLIB1054 // LibraryImport would need unsafe code in this library; this signature is blittable.
    [DllImport("libc.so.6", SetLastError = true)]
    private static extern int sched_setscheduler(int pid, int policy, ref SchedParam parameters);
#pragma warning restore SYSLIB1054
}

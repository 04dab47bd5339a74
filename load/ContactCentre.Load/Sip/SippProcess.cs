using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace ContactCentre.Load.Sip;

/// <summary>
/// One SIPp (Debian package sip-tester) on 127.0.0.1 with its statistics written as CSV
/// (<c>-trace_stat</c>) into a temporary folder. Every wait is bounded: past its limit SIPp is told to
/// quit on its control socket, then killed.
/// </summary>
public sealed class SippProcess : IAsyncDisposable
{
    private const string Executable = "/usr/bin/sipp";

    private static readonly TimeSpan QuitGrace = TimeSpan.FromSeconds(5);

    private readonly Process _process;
    private readonly DirectoryInfo _folder;
    private readonly int _controlPort;

    private SippProcess(Process process, DirectoryInfo folder, int sipPort, int controlPort)
    {
        _process = process;
        _folder = folder;
        SipPort = sipPort;
        _controlPort = controlPort;
    }

    public int SipPort { get; }

    public string Address => $"{LoopbackPorts.Address}:{SipPort}";

    private string StatisticsFile => Path.Combine(_folder.FullName, "stat.csv");

    /// <param name="scenario">A built-in scenario name: uac or uas.</param>
    /// <param name="remote">host:port to call, or null for a uas.</param>
    public static SippProcess Start(string scenario, string? remote, int rate, int calls)
    {
        if (!File.Exists(Executable))
        {
            throw new InvalidOperationException($"{Executable} is missing: apt-get install sip-tester (or run ./test.sh).");
        }

        var folder = Directory.CreateTempSubdirectory("sipp-load-");
        var sipPort = LoopbackPorts.FreeUdpPort();
        var controlPort = LoopbackPorts.FreeUdpPort();
        // Output goes to a file through the shell, not to a pipe: on Linux .NET reads a redirected pipe with a
        // blocked thread-pool thread each for stdout and stderr, and the UAS under test shares that pool.
        var start = new ProcessStartInfo("/bin/sh")
        {
            WorkingDirectory = folder.FullName,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("exec \"$0\" \"$@\" < /dev/null > output.log 2>&1");
        start.ArgumentList.Add(Executable);
        if (remote is not null)
        {
            start.ArgumentList.Add(remote);
        }

        foreach (var argument in new[]
        {
            "-sn", scenario,
            "-r", rate.ToString(CultureInfo.InvariantCulture),
            "-m", calls.ToString(CultureInfo.InvariantCulture),
            "-nostdin",
            "-trace_screen", "-screen_file", Path.Combine(folder.FullName, "screen.log"),
            "-trace_stat", "-stf", Path.Combine(folder.FullName, "stat.csv"), "-fd", "1",
            "-cp", controlPort.ToString(CultureInfo.InvariantCulture),
            "-i", LoopbackPorts.Address,
            "-p", sipPort.ToString(CultureInfo.InvariantCulture),
            "-mp", LoopbackPorts.FreeMediaPortBlock().ToString(CultureInfo.InvariantCulture),
        })
        {
            start.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("sipp did not start.");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            folder.Delete(recursive: true);
            throw new InvalidOperationException("/bin/sh could not be started to run sipp.", e);
        }

        return new SippProcess(process, folder, sipPort, controlPort);
    }

    /// <summary>Waits for SIPp to finish its calls, at most <paramref name="limit"/>; then its final statistics.</summary>
    public async Task<(int ExitCode, bool TimedOut, SippStatistics? Statistics)> WaitAsync(TimeSpan limit)
    {
        var timedOut = !await ExitsWithinAsync(limit);
        if (timedOut)
        {
            await StopAsync();
        }

        return (_process.HasExited ? _process.ExitCode : -1, timedOut, SippStatistics.Read(StatisticsFile));
    }

    /// <summary>'q' on the control socket is SIPp's "stop placing calls and quit"; killed if that does not work.</summary>
    public async Task StopAsync()
    {
        if (_process.HasExited)
        {
            return;
        }

        using (var control = new UdpClient(AddressFamily.InterNetwork))
        {
            await control.SendAsync("Q"u8.ToArray(), new IPEndPoint(IPAddress.Loopback, _controlPort));
        }

        if (!await ExitsWithinAsync(QuitGrace))
        {
            _process.Kill(entireProcessTree: true);
            await ExitsWithinAsync(QuitGrace);
        }
    }

    private async Task<bool> ExitsWithinAsync(TimeSpan limit)
    {
        using var timeout = new CancellationTokenSource(limit);
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _process.Dispose();
        _folder.Delete(recursive: true);
    }
}

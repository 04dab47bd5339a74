using System.Diagnostics;

namespace ContactCentre.Interop.Tests.Peers;

/// <summary>
/// A peer (SIPp, baresip, ...) running as a child process: output captured for failure
/// messages, every wait bounded, and the whole process tree killed on dispose.
/// </summary>
public sealed class PeerProcess : IAsyncDisposable
{
    private static readonly TimeSpan KillTimeout = TimeSpan.FromSeconds(5);

    private readonly Process _process;
    private readonly PeerOutput _output;

    private readonly Thread[] _readers;

    private PeerProcess(Process process, PeerOutput output, Thread[] readers)
    {
        _process = process;
        _output = output;
        _readers = readers;
    }

    public string Name { get; private init; } = "";

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>Interleaved stdout and stderr so far (head and tail if it was long).</summary>
    public string Output => _output.ToString();

    /// <param name="executable">Name on PATH; a missing one fails with a hint to run ./test.sh.</param>
    /// <param name="debianPackage">The package that provides it, for that hint.</param>
    /// <param name="isNoise">Lines not worth keeping (progress meters), or null to keep all.</param>
    public static PeerProcess Start(
        string executable,
        string debianPackage,
        IEnumerable<string> arguments,
        string workingDirectory,
        Func<string, bool>? isNoise = null)
    {
        var path = PeerBinary.Require(executable, debianPackage);
        var startInfo = new ProcessStartInfo(path)
        {
            WorkingDirectory = workingDirectory,
            UseShellExecute = false,
            // Redirected but never written: a peer must not read the test runner's terminal.
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        var output = new PeerOutput(isNoise);
        var process = new Process { StartInfo = startInfo, EnableRaisingEvents = true };
        if (!process.Start())
        {
            process.Dispose();
            throw new InvalidOperationException($"Could not start {path}.");
        }

        // Dedicated reader threads, not BeginOutputReadLine: on Linux those pipe reads each hold a
        // thread-pool thread, and on 2 cores that starves the SIP stack's continuations for ~0.5 s.
        var readers = new[] { Reader(process.StandardOutput, output, executable), Reader(process.StandardError, output, executable) };
        return new PeerProcess(process, output, readers) { Name = executable };
    }

    private static Thread Reader(StreamReader stream, PeerOutput output, string name)
    {
        var thread = new Thread(() =>
        {
            try
            {
                while (stream.ReadLine() is { } line) output.Add(line);
            }
            catch (IOException)
            {
                // The peer was killed mid-line.
            }
        }) { IsBackground = true, Name = $"{name} output" };
        thread.Start();
        return thread;
    }

    /// <summary>Waits for the peer to exit on its own; kills it and throws if it takes longer than <paramref name="timeout"/>.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        if (await TryWaitForExitAsync(timeout))
        {
            return _process.ExitCode;
        }

        await KillAsync();
        throw new TimeoutException(
            $"{Name} (pid {Id}) did not exit within {timeout.TotalSeconds:0.#} s and was killed.\n{Name} output:\n{Output}");
    }

    /// <summary>True if the peer exited within <paramref name="timeout"/>; leaves it running otherwise.</summary>
    public async Task<bool> TryWaitForExitAsync(TimeSpan timeout)
    {
        using var cancellation = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancellation.Token);
            // The last lines may still be in the pipes: let the readers reach end of stream.
            await Task.Run(() => Array.ForEach(_readers, r => r.Join(TimeSpan.FromSeconds(2))));
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
    }

    public async Task KillAsync()
    {
        try
        {
            if (_process.HasExited)
            {
                return;
            }

            _process.Kill(entireProcessTree: true);
            using var cancellation = new CancellationTokenSource(KillTimeout);
            await _process.WaitForExitAsync(cancellation.Token);
        }
        catch (InvalidOperationException)
        {
            // Exited between the check and the kill.
        }
        catch (OperationCanceledException)
        {
            // A process that survives SIGKILL for 5 s is stuck in the kernel; nothing more to do.
        }
    }
}

using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace ContactCentre.Interop.Tests.Peers;

/// <summary>
/// A headless linphonec (Debian package linphone-cli) driven through stdin, with its own HOME so it reads no
/// user configuration (see ENVIRONMENT-NOTES.md: <c>HOME=DIR linphonec -c rc -S</c>). Serves as the registering
/// client of the registrar tests and as the phone of the call tests. It takes optional extra <c>[sip]</c>
/// settings for its rc, as liblinphone reads some (the DTMF method) only at start: a <c>param</c> command
/// changes the file but not the running core.
/// </summary>
public sealed class LinphoneRunner : IAsyncDisposable
{
    private static readonly TimeSpan QuitTimeout = TimeSpan.FromSeconds(5);

    private readonly Process _process;
    private readonly DirectoryInfo _home;
    private readonly StringBuilder _output = new();
    private readonly Lock _gate = new();

    private LinphoneRunner(Process process, DirectoryInfo home, int sipPort)
    {
        _process = process;
        _home = home;
        SipPort = sipPort;
    }

    public int SipPort { get; }

    public string Output
    {
        get
        {
            lock (_gate)
            {
                return _output.ToString();
            }
        }
    }

    public static LinphoneRunner Start(IEnumerable<string>? sipSettings = null)
    {
        var path = PeerBinary.Require("linphonec", "linphone-cli");
        var home = Directory.CreateTempSubdirectory("linphone-");
        Directory.CreateDirectory(Path.Combine(home.FullName, ".local", "share", "linphone"));
        var sipPort = LoopbackPorts.FreeUdpPort();
        var rtpPort = LoopbackPorts.FreeUdpPortBlock(2);
        var rc = Path.Combine(home.FullName, "linphonerc");
        // No bind_address: it breaks linphonec (ENVIRONMENT-NOTES.md). UDP only, no TCP listener.
        File.WriteAllText(rc, string.Join('\n',
        [
            "[sip]",
            $"sip_port={sipPort.ToString(CultureInfo.InvariantCulture)}",
            "sip_tcp_port=0",
            "sip_tls_port=0",
            .. sipSettings ?? [],
            "[rtp]",
            $"audio_rtp_port={rtpPort.ToString(CultureInfo.InvariantCulture)}",
            "[net]",
            "ipv6=0",
            "",
        ]));
        var startInfo = new ProcessStartInfo(path)
        {
            WorkingDirectory = home.FullName,
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        startInfo.ArgumentList.Add("-c");
        startInfo.ArgumentList.Add(rc);
        startInfo.ArgumentList.Add("-S");
        startInfo.Environment["HOME"] = home.FullName;
        var process = new Process { StartInfo = startInfo };
        var runner = new LinphoneRunner(process, home, sipPort);
        process.Start();
        // Dedicated reader threads, not BeginOutputReadLine, whose pipe reads hold thread-pool threads the SIP
        // stack needs on a 2-core machine (see PeerProcess).
        runner.Read(process.StandardOutput);
        runner.Read(process.StandardError);
        return runner;
    }

    private void Read(StreamReader stream)
    {
        var thread = new Thread(() =>
        {
            try
            {
                while (stream.ReadLine() is { } line)
                {
                    Add(line);
                }
            }
            catch (IOException)
            {
                // linphonec was killed mid-line.
            }
        }) { IsBackground = true, Name = "linphonec output" };
        thread.Start();
    }

    private void Add(string? line)
    {
        if (line is null || line.Contains("Could not find a suitable soundcard", StringComparison.Ordinal))
        {
            return;
        }
        lock (_gate)
        {
            _output.AppendLine(line);
        }
    }

    /// <summary>Types one command at the linphonec prompt.</summary>
    public async Task SendAsync(string command)
    {
        await _process.StandardInput.WriteLineAsync(command);
        await _process.StandardInput.FlushAsync();
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                await SendAsync("quit");
                using var wait = new CancellationTokenSource(QuitTimeout);
                try
                {
                    await _process.WaitForExitAsync(wait.Token);
                }
                catch (OperationCanceledException)
                {
                    _process.Kill(entireProcessTree: true);
                    await _process.WaitForExitAsync();
                }
            }
        }
        catch (IOException)
        {
            // stdin closed because it already exited.
        }
        _process.Dispose();
        try
        {
            _home.Delete(recursive: true);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
        }
    }
}

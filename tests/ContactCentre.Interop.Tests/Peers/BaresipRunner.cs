using System.Globalization;

namespace ContactCentre.Interop.Tests.Peers;

/// <summary>
/// A headless baresip (Debian package baresip-core) on 127.0.0.1, configured from a generated
/// folder (<c>baresip -f DIR</c>) and driven over ctrl_tcp. It sends a WAV file as its microphone,
/// plays to ALSA's null device and records what it hears as <c>*-dec.wav</c> (sndfile module).
/// ctrl_tcp serves one connection at a time (a second one closes the first), so the runner owns its one
/// connection and offers every command the tests use over it. The call commands (hold, resume, ...) appear
/// in the ctrl_tcp <c>help</c> reply only while a call exists.
/// </summary>
public sealed class BaresipRunner : IAsyncDisposable
{
    private const string Executable = "baresip";
    private const string DebianPackage = "baresip-core";
    private const string ModulePath = "/usr/lib/baresip/modules";

    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(5);

    private readonly DirectoryInfo _workDirectory;
    private readonly PeerProcess _process;
    private readonly BaresipControl _control;

    private BaresipRunner(BaresipOptions options, DirectoryInfo workDirectory, int sipPort, int controlPort, PeerProcess process, BaresipControl control)
    {
        Options = options;
        _workDirectory = workDirectory;
        SipPort = sipPort;
        ControlPort = controlPort;
        _process = process;
        _control = control;
    }

    public BaresipOptions Options { get; }

    public int SipPort { get; }

    public int ControlPort { get; }

    /// <summary>Its own address, for another peer to call: <c>sip:USER@127.0.0.1:PORT</c>.</summary>
    public string Uri => $"sip:{Options.User}@{LoopbackPorts.Address}:{SipPort}";

    public string ConfigDirectory => Path.Combine(_workDirectory.FullName, "config");

    public string RecordingDirectory => Path.Combine(_workDirectory.FullName, "recordings");

    /// <summary>Everything baresip printed so far, without its once-a-frame bitrate meter.</summary>
    public string Output => _process.Output;

    /// <summary>Every ctrl_tcp event received so far, oldest first.</summary>
    public IReadOnlyList<BaresipEvent> Events => _control.Events;

    /// <summary>Writes the config, starts baresip and connects to ctrl_tcp; throws with baresip's output if it is not up within <paramref name="timeout"/>.</summary>
    /// <param name="accountLine">
    /// The accounts line, if not the default <see cref="AccountLine"/> (e.g. one that registers with credentials).
    /// </param>
    public static async Task<BaresipRunner> StartAsync(BaresipOptions options, TimeSpan timeout, string? accountLine = null)
    {
        // The ports are free when chosen but released before baresip binds them, and the other test projects running
        // at the same time take ephemeral ports too: one taken in between is a new start on new ports, not a failure.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await StartOnceAsync(options, timeout, accountLine);
            }
            catch (InvalidOperationException e) when (attempt < PortAttempts && e.Message.Contains("Address already in use", StringComparison.Ordinal))
            {
            }
        }
    }

    private const int PortAttempts = 3;

    private static async Task<BaresipRunner> StartOnceAsync(BaresipOptions options, TimeSpan timeout, string? accountLine)
    {
        var workDirectory = Directory.CreateTempSubdirectory("baresip-");
        PeerProcess? process = null;
        try
        {
            var sipPort = LoopbackPorts.FreeSipPort();
            var controlPort = LoopbackPorts.FreeTcpPort();
            var configDirectory = workDirectory.CreateSubdirectory("config").FullName;
            var recordingDirectory = workDirectory.CreateSubdirectory("recordings").FullName;
            var audioSource = options.AudioSource;
            if (audioSource is null)
            {
                audioSource = Path.Combine(workDirectory.FullName, "tone.wav");
                PcmWav.Tone(BaresipOptions.GeneratedToneFrequency, BaresipOptions.GeneratedToneLength).Write(audioSource);
            }
            else if (!File.Exists(audioSource))
            {
                throw new FileNotFoundException("baresip's audio source does not exist.", audioSource);
            }

            File.WriteAllText(Path.Combine(configDirectory, "config"), Config(sipPort, controlPort, audioSource, recordingDirectory));
            File.WriteAllText(Path.Combine(configDirectory, "accounts"), (accountLine ?? AccountLine(options, sipPort)) + "\n");

            process = PeerProcess.Start(Executable, DebianPackage, ["-f", configDirectory], workDirectory.FullName, IsBitrateMeter);
            var control = await ConnectAsync(process, controlPort, timeout);
            return new BaresipRunner(options, workDirectory, sipPort, controlPort, process, control);
        }
        catch
        {
            if (process is not null)
            {
                await process.DisposeAsync();
            }

            DeleteQuietly(workDirectory);
            throw;
        }
    }

    /// <summary>The config file baresip gets: loopback only, no sound card, no console UI.</summary>
    public static string Config(int sipPort, int controlPort, string audioSource, string recordingDirectory) =>
        string.Join('\n',
        [
            "poll_method epoll",
            $"sip_listen {LoopbackPorts.Address}:{sipPort}",
            // The address, not the interface name "lo" (see ENVIRONMENT-NOTES.md).
            $"net_interface {LoopbackPorts.Address}",
            $"audio_source aufile,{audioSource}",
            "audio_player alsa,null",
            "audio_alert alsa,null",
            $"module_path {ModulePath}",
            "module g711.so",
            "module aufile.so",
            "module alsa.so",
            "module sndfile.so",
            $"snd_path {recordingDirectory}",
            "module_app account.so",
            // menu provides the dial/hangup/sndcode commands that ctrl_tcp forwards.
            "module_app menu.so",
            "module_app ctrl_tcp.so",
            $"ctrl_tcp_listen {LoopbackPorts.Address}:{controlPort}",
            "",
        ]);

    public static string AccountLine(BaresipOptions options, int sipPort) =>
        $"<sip:{options.User}@{LoopbackPorts.Address}:{sipPort}>;regint=0;" +
        $"answermode={options.AnswerMode.ToString().ToLowerInvariant()};audio_codecs=pcmu,pcma";

    public Task DialAsync(string uri) => SendAsync("dial", uri);

    /// <summary>Sends digits as RFC 4733 telephone events on the current call.</summary>
    public Task SendDtmfAsync(string digits) => SendAsync("sndcode", digits);

    /// <summary>Puts the current call on hold: baresip sends a re-INVITE with <c>a=sendonly</c>.</summary>
    public Task HoldAsync() => SendAsync("hold");

    /// <summary>Takes the current call off hold: a re-INVITE with <c>a=sendrecv</c>.</summary>
    public Task ResumeAsync() => SendAsync("resume");

    public Task HangupAsync() => SendAsync("hangup");

    /// <summary>Answers the ringing incoming call (answer mode manual).</summary>
    public Task AnswerAsync() => SendAsync("accept");

    /// <inheritdoc cref="BaresipControl.WaitForEventAsync"/>
    public async Task<BaresipEvent> WaitForEventAsync(string type, TimeSpan timeout)
    {
        try
        {
            return await _control.WaitForEventAsync(type, timeout);
        }
        catch (Exception error) when (error is TimeoutException or IOException)
        {
            throw new TimeoutException($"{error.Message}\nbaresip output:\n{Output}", error);
        }
    }

    /// <summary>Asks baresip to quit and waits for it to exit (killed after <paramref name="timeout"/>).</summary>
    public async Task QuitAsync(TimeSpan timeout)
    {
        if (_process.HasExited)
        {
            return;
        }

        try
        {
            await _control.SendCommandAsync("quit", "", CommandTimeout);
        }
        catch (IOException)
        {
            // It may close the connection before its reply gets out; the exit below is what counts.
        }

        await _process.WaitForExitAsync(timeout);
    }

    /// <summary>The newest recording of what baresip heard (<c>*-dec.wav</c>), or null if it recorded nothing.</summary>
    public string? FindRecording() =>
        Directory.Exists(RecordingDirectory)
            ? new DirectoryInfo(RecordingDirectory)
                .GetFiles("*-dec.wav")
                .OrderByDescending(file => file.LastWriteTimeUtc)
                .Select(file => file.FullName)
                .FirstOrDefault()
            : null;

    public async ValueTask DisposeAsync()
    {
        await _control.DisposeAsync();
        await _process.DisposeAsync();
        DeleteQuietly(_workDirectory);
    }

    /// <summary>One ctrl_tcp command; a failure carries baresip's output.</summary>
    private async Task SendAsync(string command, string parameters = "")
    {
        try
        {
            await _control.SendCommandAsync(command, parameters, CommandTimeout);
        }
        catch (Exception error) when (error is TimeoutException or IOException or InvalidOperationException)
        {
            throw new InvalidOperationException($"{error.Message}\nbaresip output:\n{Output}", error);
        }
    }

    private static async Task<BaresipControl> ConnectAsync(PeerProcess process, int controlPort, TimeSpan timeout)
    {
        using var cancellation = new CancellationTokenSource(timeout);
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"baresip exited during startup.\nbaresip output:\n{process.Output}");
            }

            try
            {
                return await BaresipControl.ConnectAsync(controlPort, cancellation.Token);
            }
            catch (System.Net.Sockets.SocketException)
            {
                // Not listening yet.
            }
            catch (OperationCanceledException)
            {
                break;
            }

            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(50), cancellation.Token);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        throw new TimeoutException(
            $"baresip's ctrl_tcp did not accept on port {controlPort.ToString(CultureInfo.InvariantCulture)} within {timeout.TotalSeconds:0.#} s.\nbaresip output:\n{process.Output}");
    }

    // baresip redraws "[0:00:03] audio=64000/64128 (bit/s)" after a carriage return many times a second.
    private static bool IsBitrateMeter(string line) =>
        string.IsNullOrWhiteSpace(line) || (line.StartsWith('[') && line.TrimEnd().EndsWith("(bit/s)", StringComparison.Ordinal));

    private static void DeleteQuietly(DirectoryInfo directory)
    {
        try
        {
            directory.Delete(recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}

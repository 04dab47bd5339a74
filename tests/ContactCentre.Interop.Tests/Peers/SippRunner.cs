using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace ContactCentre.Interop.Tests.Peers;

/// <summary>
/// Runs SIPp (Debian package sip-tester) on 127.0.0.1 with free SIP, media and control ports:
/// <c>-m calls -nostdin -trace_screen -trace_err -cp CONTROL -i 127.0.0.1 -p SIP -mp MEDIA</c>.
/// Screen and error logs go to a temporary folder that is removed on dispose.
/// </summary>
public sealed class SippRunner : IAsyncDisposable
{
    private const string Executable = "sipp";
    private const string DebianPackage = "sip-tester";

    private static readonly TimeSpan QuitTimeout = TimeSpan.FromSeconds(3);

    private readonly SippScenario _scenario;
    private readonly string? _remoteAddress;
    private readonly int _calls;
    private readonly IReadOnlyList<string> _extraArguments;
    private readonly DirectoryInfo _workDirectory;
    private PeerProcess? _process;

    /// <param name="scenario">Built-in or XML scenario.</param>
    /// <param name="remoteAddress">host:port to call (uac); null for a scenario that only answers (uas).</param>
    /// <param name="calls">SIPp exits after this many calls (<c>-m</c>).</param>
    /// <param name="extraArguments">More SIPp options, e.g. <c>-rtp_echo</c> or <c>-s 100</c>.</param>
    public SippRunner(SippScenario scenario, string? remoteAddress = null, int calls = 1, IReadOnlyList<string>? extraArguments = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(calls);
        _scenario = scenario;
        _remoteAddress = remoteAddress;
        _calls = calls;
        _extraArguments = extraArguments ?? [];
        SipPort = LoopbackPorts.FreeUdpPort();
        ControlPort = LoopbackPorts.FreeUdpPort();
        // SIPp binds the audio port and port + 2 for video (RTP echo also uses + 1 and + 3).
        MediaPort = LoopbackPorts.FreeUdpPortBlock(4);
        _workDirectory = Directory.CreateTempSubdirectory("sipp-");
    }

    public int SipPort { get; }

    public int MediaPort { get; }

    public int ControlPort { get; }

    /// <summary>Where to send SIP to reach this SIPp, as host:port.</summary>
    public string Address => $"{LoopbackPorts.Address}:{SipPort}";

    public string ScreenFile => Path.Combine(_workDirectory.FullName, "screen.log");

    public string ErrorFile => Path.Combine(_workDirectory.FullName, "errors.log");

    public IReadOnlyList<string> Arguments
    {
        get
        {
            var arguments = new List<string>();
            if (_remoteAddress is not null)
            {
                arguments.Add(_remoteAddress);
            }

            if (_scenario.Xml is null)
            {
                arguments.AddRange(["-sn", _scenario.Name]);
            }
            else
            {
                arguments.AddRange(["-sf", ScenarioFile]);
            }

            arguments.AddRange(
            [
                "-m", _calls.ToString(CultureInfo.InvariantCulture),
                "-nostdin",
                "-trace_screen", "-screen_file", ScreenFile,
                "-trace_err", "-error_file", ErrorFile,
                "-cp", ControlPort.ToString(CultureInfo.InvariantCulture),
                "-i", LoopbackPorts.Address,
                "-p", SipPort.ToString(CultureInfo.InvariantCulture),
                "-mp", MediaPort.ToString(CultureInfo.InvariantCulture),
            ]);
            arguments.AddRange(_extraArguments);
            return arguments;
        }
    }

    private string ScenarioFile => Path.Combine(_workDirectory.FullName, _scenario.Name + ".xml");

    public void Start()
    {
        if (_process is not null)
        {
            throw new InvalidOperationException("This SIPp has already been started.");
        }

        if (_scenario.Xml is not null)
        {
            File.WriteAllText(ScenarioFile, _scenario.Xml);
        }

        _process = PeerProcess.Start(Executable, DebianPackage, Arguments, _workDirectory.FullName);
    }

    /// <summary>
    /// Waits for SIPp to finish its <c>-m</c> calls. After <paramref name="timeout"/> it is told to quit
    /// (so it still writes its screen), killed if that does not work, and a TimeoutException carries the screen.
    /// </summary>
    public async Task<SippResult> WaitForExitAsync(TimeSpan timeout)
    {
        var process = _process ?? throw new InvalidOperationException("Start SIPp first.");
        if (!await process.TryWaitForExitAsync(timeout))
        {
            await QuitNowAsync();
            var quit = await process.TryWaitForExitAsync(QuitTimeout);
            await process.KillAsync();
            throw new TimeoutException(
                $"sipp did not finish its calls within {timeout.TotalSeconds:0.#} s and was {(quit ? "told to quit" : "killed")}.\n" +
                $"sipp {string.Join(' ', Arguments)}\n" +
                $"--- screen ---\n{ReadIfExists(ScreenFile)}\n--- error log ---\n{ReadIfExists(ErrorFile)}\n--- output ---\n{process.Output}");
        }

        return new SippResult(await process.WaitForExitAsync(QuitTimeout), ReadIfExists(ScreenFile), ReadIfExists(ErrorFile), process.Output);
    }

    public async Task<SippResult> RunAsync(TimeSpan timeout)
    {
        Start();
        return await WaitForExitAsync(timeout);
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is not null)
        {
            await _process.DisposeAsync();
        }

        try
        {
            _workDirectory.Delete(recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }

    // 'Q' on the control socket is the "quit now" key of SIPp's screen.
    private async Task QuitNowAsync()
    {
        using var control = new UdpClient(AddressFamily.InterNetwork);
        await control.SendAsync("Q"u8.ToArray(), new IPEndPoint(IPAddress.Loopback, ControlPort));
    }

    private static string ReadIfExists(string path) => File.Exists(path) ? File.ReadAllText(path) : "";
}

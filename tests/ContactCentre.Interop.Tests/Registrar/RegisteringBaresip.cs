using System.Globalization;
using ContactCentre.Interop.Tests.Peers;

namespace ContactCentre.Interop.Tests.Registrar;

/// <summary>
/// A headless baresip that registers with digest authentication (an agent's phone): the shared
/// <see cref="BaresipRunner.Config"/> with an account line that REGISTERs every <c>regint</c> seconds and
/// answers incoming calls on its own.
/// </summary>
public sealed class RegisteringBaresip : IAsyncDisposable
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(5);

    private readonly DirectoryInfo _workDirectory;
    private readonly PeerProcess _process;
    private readonly BaresipControl _control;

    private RegisteringBaresip(DirectoryInfo workDirectory, int sipPort, PeerProcess process, BaresipControl control)
    {
        _workDirectory = workDirectory;
        SipPort = sipPort;
        _process = process;
        _control = control;
    }

    public int SipPort { get; }

    public string Output => _process.Output;

    public IReadOnlyList<BaresipEvent> Events => _control.Events;

    /// <summary>The accounts line: AOR at the registrar, credentials, registration interval, auto answer.</summary>
    public static string AccountLine(string user, string password, int registrarPort, int registrationInterval) =>
        $"<sip:{user}@{LoopbackPorts.Address}:{registrarPort.ToString(CultureInfo.InvariantCulture)}>" +
        $";auth_user={user};auth_pass={password}" +
        $";regint={registrationInterval.ToString(CultureInfo.InvariantCulture)}" +
        ";answermode=auto;audio_codecs=pcmu,pcma";

    public static async Task<RegisteringBaresip> StartAsync(string user, string password, int registrarPort,
        int registrationInterval, TimeSpan timeout)
    {
        var workDirectory = Directory.CreateTempSubdirectory("baresip-reg-");
        PeerProcess? process = null;
        try
        {
            var sipPort = LoopbackPorts.FreeSipPort();
            var controlPort = LoopbackPorts.FreeTcpPort();
            var configDirectory = workDirectory.CreateSubdirectory("config").FullName;
            var recordingDirectory = workDirectory.CreateSubdirectory("recordings").FullName;
            var tone = Path.Combine(workDirectory.FullName, "tone.wav");
            PcmWav.Tone(BaresipOptions.GeneratedToneFrequency, BaresipOptions.GeneratedToneLength).Write(tone);
            await File.WriteAllTextAsync(Path.Combine(configDirectory, "config"),
                BaresipRunner.Config(sipPort, controlPort, tone, recordingDirectory));
            await File.WriteAllTextAsync(Path.Combine(configDirectory, "accounts"),
                AccountLine(user, password, registrarPort, registrationInterval) + "\n");
            process = PeerProcess.Start("baresip", "baresip-core", ["-f", configDirectory], workDirectory.FullName,
                line => string.IsNullOrWhiteSpace(line) || line.TrimEnd().EndsWith("(bit/s)", StringComparison.Ordinal));
            var control = await ConnectAsync(process, controlPort, timeout);
            return new RegisteringBaresip(workDirectory, sipPort, process, control);
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

    public Task HangupAsync() => _control.SendCommandAsync("hangup", "", CommandTimeout);

    private static async Task<BaresipControl> ConnectAsync(PeerProcess process, int controlPort, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"baresip exited during startup.\nbaresip output:\n{process.Output}");
            }
            try
            {
                using var attempt = new CancellationTokenSource(TimeSpan.FromSeconds(1));
                return await BaresipControl.ConnectAsync(controlPort, attempt.Token);
            }
            catch (Exception error) when (error is System.Net.Sockets.SocketException or OperationCanceledException)
            {
                await Task.Delay(50);
            }
        }
        throw new TimeoutException($"baresip's ctrl_tcp did not accept within {timeout.TotalSeconds:0.#} s.\nbaresip output:\n{process.Output}");
    }

    private static void DeleteQuietly(DirectoryInfo directory)
    {
        try
        {
            directory.Delete(recursive: true);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _control.DisposeAsync();
        await _process.DisposeAsync();
        DeleteQuietly(_workDirectory);
    }
}

using System.Globalization;
using ContactCentre.Interop.Tests.Peers;

namespace ContactCentre.Interop.Tests.Phones;

/// <summary>
/// A headless baresip as a caller's phone, with the call commands of baresip 1.0's menu module that
/// <see cref="BaresipRunner"/> does not offer (<c>hold</c>, <c>resume</c>). ctrl_tcp serves one connection at a
/// time (a second one closes the first), so this phone owns its connection rather than sharing a runner's.
/// The call commands appear in the ctrl_tcp <c>help</c> reply only while a call exists.
/// </summary>
public sealed class BaresipPhone : IAsyncDisposable
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(5);

    private readonly DirectoryInfo _workDirectory;
    private readonly PeerProcess _process;
    private readonly BaresipControl _control;

    private BaresipPhone(DirectoryInfo workDirectory, PeerProcess process, BaresipControl control)
    {
        _workDirectory = workDirectory;
        _process = process;
        _control = control;
    }

    public string Output => _process.Output;

    public IReadOnlyList<BaresipEvent> Events => _control.Events;

    /// <summary>Starts baresip with the shared loopback config (<see cref="BaresipRunner.Config"/>) and a 440 Hz microphone.</summary>
    public static async Task<BaresipPhone> StartAsync(string user, TimeSpan timeout)
    {
        var workDirectory = Directory.CreateTempSubdirectory("baresip-phone-");
        PeerProcess? process = null;
        try
        {
            var sipPort = LoopbackPorts.FreeSipPort();
            var controlPort = LoopbackPorts.FreeTcpPort();
            var configDirectory = workDirectory.CreateSubdirectory("config").FullName;
            var recordingDirectory = workDirectory.CreateSubdirectory("recordings").FullName;
            var tone = Path.Combine(workDirectory.FullName, "tone.wav");
            PcmWav.Tone(BaresipOptions.GeneratedToneFrequency, BaresipOptions.GeneratedToneLength).Write(tone);
            var options = new BaresipOptions(user);
            await File.WriteAllTextAsync(Path.Combine(configDirectory, "config"),
                BaresipRunner.Config(sipPort, controlPort, tone, recordingDirectory));
            await File.WriteAllTextAsync(Path.Combine(configDirectory, "accounts"), BaresipRunner.AccountLine(options, sipPort) + "\n");
            process = PeerProcess.Start("baresip", "baresip-core", ["-f", configDirectory], workDirectory.FullName,
                line => string.IsNullOrWhiteSpace(line) || line.TrimEnd().EndsWith("(bit/s)", StringComparison.Ordinal));
            var control = await ConnectAsync(process, controlPort, timeout);
            return new BaresipPhone(workDirectory, process, control);
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

    public Task DialAsync(string uri) => SendAsync("dial", uri);

    /// <summary>Puts the current call on hold: baresip sends a re-INVITE with <c>a=sendonly</c>.</summary>
    public Task HoldAsync() => SendAsync("hold");

    /// <summary>Takes the current call off hold: a re-INVITE with <c>a=sendrecv</c>.</summary>
    public Task ResumeAsync() => SendAsync("resume");

    public Task HangupAsync() => SendAsync("hangup");

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

    public async ValueTask DisposeAsync()
    {
        await _control.DisposeAsync();
        await _process.DisposeAsync();
        DeleteQuietly(_workDirectory);
    }

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

        throw new TimeoutException(
            $"baresip's ctrl_tcp did not accept on port {controlPort.ToString(CultureInfo.InvariantCulture)} within {timeout.TotalSeconds:0.#} s.\nbaresip output:\n{process.Output}");
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
}

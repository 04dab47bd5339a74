using System.Diagnostics;

namespace ContactCentre.Host.Tests;

/// <summary>The host as a person runs it: its own process, the banner, and a clean stop on SIGTERM.</summary>
[Trait("Category", "Integration")]
public sealed class ProgramTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task The_host_prints_its_addresses_number_and_logins_and_stops_cleanly_on_SIGTERM()
    {
        var data = Path.Combine(Path.GetTempPath(), "ccref-program-" + Guid.NewGuid().ToString("N"));
        var host = Path.Combine(AppContext.BaseDirectory, "ContactCentre.Host.dll");
        using var process = Process.Start(new ProcessStartInfo("dotnet")
        {
            ArgumentList = { host, "--Sip:Port=0", "--Web:Port=0", $"--Data:Path={data}", "--Logging:LogLevel:Default=Warning" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        })!;
        var output = new List<string>();
        var running = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (output) output.Add(e.Data);
            if (e.Data.StartsWith("Press Ctrl+C", StringComparison.Ordinal)) running.TrySetResult();
        };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.Add(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await running.Task.WaitAsync(Wait);
            string banner;
            lock (output) banner = string.Join('\n', output);
            Assert.Matches(@"SIP \(UDP and TCP\): 127\.0\.0\.1:\d+", banner);
            Assert.Matches(@"Web: +http://127\.0\.0\.1:\d+/", banner);
            Assert.Contains("+358201234567", banner);
            Assert.Contains("agent1", banner);
            Assert.Contains("agent2", banner);

            using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
                await kill.WaitForExitAsync();
            await process.WaitForExitAsync().WaitAsync(Wait);
            Assert.Equal(0, process.ExitCode);
        }
        finally
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
            try { Directory.Delete(data, recursive: true); } catch (IOException) { /* temp */ }
        }
    }
}

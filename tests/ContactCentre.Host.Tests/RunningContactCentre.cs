using ContactCentre.Host.Hosting;

namespace ContactCentre.Host.Tests;

/// <summary>The real host with the demo configuration on free ports and a fresh data folder.</summary>
public sealed class RunningContactCentre : IAsyncDisposable
{
    private RunningContactCentre(ContactCentreHost host, string dataPath)
    {
        Host = host;
        DataPath = dataPath;
    }

    public ContactCentreHost Host { get; }
    public string DataPath { get; }
    public Uri Desktop => new($"ws://{Host.WebUri.Host}:{Host.WebUri.Port}/agent/ws");

    /// <summary>The password an agent's desktop logs in with, from the host's configuration ("desktopPassword", else "sipPassword").</summary>
    public string PasswordOf(string agent) =>
        Host.Configuration.Agents[agent].DesktopLoginPassword ?? throw new InvalidOperationException($"Agent '{agent}' has no desktop password in the configuration.");

    public static Task<RunningContactCentre> StartAsync(params string[] extra) => StartAsync(NewDataPath(), extra);

    /// <summary>The real host with a test's own configuration, written into its data folder (which goes with it).</summary>
    public static async Task<RunningContactCentre> StartWithConfigurationAsync(string configurationJson, params string[] extra)
    {
        var data = NewDataPath();
        Directory.CreateDirectory(data);
        var configuration = Path.Combine(data, "contact-centre.json");
        await File.WriteAllTextAsync(configuration, configurationJson);
        return await StartAsync(data, [$"--ContactCentre:Configuration={configuration}", .. extra]);
    }

    private static async Task<RunningContactCentre> StartAsync(string data, string[] extra)
    {
        var args = new[] { "--Sip:Port=0", "--Web:Port=0", $"--Data:Path={data}", "--Logging:LogLevel:Default=Warning" }.Concat(extra).ToArray();
        return new RunningContactCentre(await ContactCentreHost.StartAsync(args), data);
    }

    private static string NewDataPath() => Path.Combine(Path.GetTempPath(), "ccref-test-" + Guid.NewGuid().ToString("N"));

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        try
        {
            Directory.Delete(DataPath, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open by a finishing writer; the temp folder is cleaned by the OS.
        }
    }

    /// <summary>The demo's prompt, as the host plays it.</summary>
    public static short[] Prompt(string name) =>
        Media.WavFile.ReadMono8k(Path.Combine(AppContext.BaseDirectory, "demo", "audio", name + ".wav"));
}

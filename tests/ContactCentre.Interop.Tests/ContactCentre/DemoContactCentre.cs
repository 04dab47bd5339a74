using ContactCentre.Host.Hosting;
using ContactCentre.Media;

namespace ContactCentre.Interop.Tests.ContactCentre;

/// <summary>
/// The real contact centre in-process with the demo configuration, on free loopback ports and a fresh
/// data folder: service number 0201234567 → welcome, menu (1 support, 2 sales), queue.
/// </summary>
public sealed class DemoContactCentre : IAsyncDisposable
{
    /// <summary>The demo's service number as a caller dials it.</summary>
    public const string ServiceNumber = "0201234567";

    /// <summary>The same number as the call history records it (E.164, country 358).</summary>
    public const string ServiceNumberE164 = "+358201234567";

    private DemoContactCentre(ContactCentreHost host, string dataPath)
    {
        Host = host;
        DataPath = dataPath;
        History = new CallHistory(host.WebUri);
    }

    public ContactCentreHost Host { get; }

    public string DataPath { get; }

    public CallHistory History { get; }

    /// <summary>Where a peer sends SIP, as SIPp's remote host:port.</summary>
    public string SipAddress => $"{Host.SipEndPoint.Address}:{Host.SipEndPoint.Port}";

    /// <summary>The request URI of a call to the service number.</summary>
    public string ServiceNumberUri => $"sip:{ServiceNumber}@{SipAddress}";

    /// <summary>The agent desktop's WebSocket.</summary>
    public Uri Desktop => new($"ws://{Host.WebUri.Host}:{Host.WebUri.Port}/agent/ws");

    /// <summary>The password an agent's desktop logs in with, from the demo configuration ("desktopPassword", else "sipPassword").</summary>
    public string PasswordOf(string agent) =>
        Host.Configuration.Agents[agent].DesktopLoginPassword ?? throw new InvalidOperationException($"Agent '{agent}' has no desktop password in the configuration.");

    public static async Task<DemoContactCentre> StartAsync()
    {
        var data = Path.Combine(Path.GetTempPath(), "ccref-interop-" + Guid.NewGuid().ToString("N"));
        var host = await ContactCentreHost.StartAsync(
            ["--Sip:Port=0", "--Web:Port=0", $"--Data:Path={data}", "--Logging:LogLevel:Default=Warning"]);
        return new DemoContactCentre(host, data);
    }

    /// <summary>A demo prompt as the host plays it (8 kHz mono), e.g. "welcome" or "closed".</summary>
    public static short[] Prompt(string name) =>
        WavFile.ReadMono8k(Path.Combine(AppContext.BaseDirectory, "demo", "audio", name + ".wav"));

    public async ValueTask DisposeAsync()
    {
        History.Dispose();
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
}

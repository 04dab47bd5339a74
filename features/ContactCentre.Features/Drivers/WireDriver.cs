using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using ContactCentre.Host.Hosting;
using ContactCentre.Media;
using ContactCentre.Simulator.Agents;
using ContactCentre.Simulator.Phones;

namespace ContactCentre.Features.Drivers;

/// <summary>
/// Drives a running contact centre on the wire: real SIP, RTP and the desktop WebSocket, with the
/// simulator's callers and agents. One per scenario; the host runs on free ports with its own data folder.
/// </summary>
public sealed partial class WireDriver : IAsyncDisposable
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private readonly Dictionary<string, SimulatedAgent> _agents = new(StringComparer.Ordinal);
    private readonly Dictionary<string, PhoneCall> _agentCalls = new(StringComparer.Ordinal);
    private ContactCentreHost? _host;
    private string? _dataPath;
    private SimulatedPhone? _callerPhone;

    public ContactCentreHost Host => _host ?? throw new InvalidOperationException("The contact centre is not running; add 'Given the demo contact centre is running'.");
    public PhoneCall Caller { get; private set; } = null!;
    public (int StatusCode, string Reason)? LastRefusal { get; private set; }

    public async Task StartDemoAsync()
    {
        _dataPath = NewDataPath();
        _host = await ContactCentreHost.StartAsync(["--Sip:Port=0", "--Web:Port=0", $"--Data:Path={_dataPath}", "--Logging:LogLevel:Default=Warning"]);
    }

    /// <summary>
    /// Starts the host with <paramref name="configuration"/> (written into the scenario's own data folder) and the
    /// prompts of <paramref name="audioFolder"/>.
    /// </summary>
    private async Task StartWithConfigurationAsync(JsonNode configuration, string audioFolder, params string[] settings)
    {
        _dataPath = NewDataPath();
        Directory.CreateDirectory(_dataPath);
        var configurationPath = Path.Combine(_dataPath, "contact-centre.json");
        await File.WriteAllTextAsync(configurationPath, configuration.ToJsonString());
        _host = await ContactCentreHost.StartAsync([
            "--Sip:Port=0", "--Web:Port=0", $"--Data:Path={_dataPath}", "--Logging:LogLevel:Default=Warning",
            $"--ContactCentre:Configuration={configurationPath}", $"--ContactCentre:Audio={audioFolder}", .. settings]);
    }

    /// <summary>
    /// The trunk "carrier", dialling out to <paramref name="phone"/> (standing for every outside number). Callers come from
    /// 127.0.0.1 too, which the trunk's inbound addresses must then allow.
    /// </summary>
    private static JsonArray CarrierTrunkTo(SimulatedPhone phone) => new(new JsonObject
    {
        ["name"] = "carrier",
        ["inboundAddresses"] = new JsonArray("127.0.0.1"),
        ["outboundProxy"] = $"127.0.0.1:{phone.SipEndPoint.Port}",
    });

    private static string NewDataPath() => Path.Combine(Path.GetTempPath(), "ccref-spec-" + Guid.NewGuid().ToString("N"));

    public async Task LogInAgentAsync(string agentId)
    {
        // The password the configuration gives the agent's desktop (the demo's or wire-flows.json's).
        var password = Host.Configuration.Agents.TryGetValue(agentId, out var definition) && definition.DesktopLoginPassword is { } configured
            ? configured
            : throw new InvalidOperationException($"Agent '{agentId}' has no desktop password in the contact centre's configuration.");
        var agent = await SimulatedAgent.StartAsync(agentId, password, new Uri($"ws://{Host.WebUri.Host}:{Host.WebUri.Port}/agent/ws"));
        _agents[agentId] = agent;
        await agent.LogInAsync(Patience);
    }

    public SimulatedAgent Agent(string agentId) =>
        _agents.TryGetValue(agentId, out var agent) ? agent : throw new InvalidOperationException($"Agent '{agentId}' has not logged in in this scenario.");

    public PhoneCall AgentCall(string agentId) =>
        _agentCalls.TryGetValue(agentId, out var call) ? call : throw new InvalidOperationException($"Agent '{agentId}' has no call.");

    /// <summary>Dials; an answered call becomes <see cref="Caller"/>, a refused one is kept in <see cref="LastRefusal"/>.</summary>
    public async Task DialAsync(string number)
    {
        _callerPhone ??= await SimulatedPhone.StartAsync("+358401234567");
        var (response, call) = await _callerPhone.DialAsync(Host.SipEndPoint, number);
        if (call is null)
            LastRefusal = (response.StatusCode, response.Reason);
        else
            Caller = call;
    }

    public async Task AgentAnswersAsync(string agentId)
    {
        var agent = Agent(agentId);
        await agent.WaitForStateAsync("Connecting", Patience);
        _agentCalls[agentId] = await agent.NextCallAsync(Patience);
        await agent.WaitForStateAsync("Connected", Patience);
    }

    public static short[] Prompt(string name) =>
        WavFile.ReadMono8k(Path.Combine(AppContext.BaseDirectory, "demo", "audio", name + ".wav"));

    /// <summary>The newest call-history entry, once the call has been written there.</summary>
    public async Task<JsonElement> LatestHistoryAsync()
    {
        using var http = new HttpClient { BaseAddress = Host.WebUri };
        using var deadline = new CancellationTokenSource(Patience);
        while (true)
        {
            var calls = await http.GetFromJsonAsync<JsonElement>("/api/calls?count=1", deadline.Token);
            if (calls.GetArrayLength() > 0) return calls[0];
            // The history is written when the call actor ends, just after the caller's BYE.
            await Task.Delay(50, deadline.Token);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var call in _agentCalls.Values) await call.DisposeAsync();
        if (Caller is not null) await Caller.DisposeAsync();
        if (_callerPhone is not null) await _callerPhone.DisposeAsync();
        foreach (var agent in _agents.Values) await agent.DisposeAsync();
        foreach (var call in _partnerCalls) await call.DisposeAsync();
        if (_partner is not null) await _partner.DisposeAsync();
        await DisposeOutsideAsync();
        if (_host is not null) await _host.DisposeAsync();
        if (_dataPath is not null && Directory.Exists(_dataPath))
        {
            try { Directory.Delete(_dataPath, recursive: true); }
            catch (IOException) { /* left for the OS to clean */ }
        }
    }
}

using System.Text.Json.Nodes;
using ContactCentre.Simulator.Agents;
using ContactCentre.Simulator.Phones;

namespace ContactCentre.Features.Drivers;

/// <summary>
/// Call control from the agent desktop on the wire: the demo contact centre with a trunk "carrier" whose outbound
/// proxy is a simulated phone (it answers every number dialled out), agents' desktops and their external phones.
/// </summary>
public sealed partial class WireDriver
{
    private SimulatedPhone? _outside;
    private readonly Dictionary<string, PhoneCall> _outsideCalls = new(StringComparer.Ordinal);

    /// <summary>The demo configuration plus a trunk that dials out to one simulated phone standing for every outside number.</summary>
    /// <param name="offerTimeout">How long an offer rings an agent before it goes to the next (the host's default when null).</param>
    public async Task StartDemoDiallingOutAsync(TimeSpan? offerTimeout = null)
    {
        _outside = await SimulatedPhone.StartAsync("outside");
        var demo = Path.Combine(AppContext.BaseDirectory, "demo");
        var configuration = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(demo, "contact-centre.json")))!;
        configuration["trunks"] = CarrierTrunkTo(_outside);
        await StartWithConfigurationAsync(configuration, Path.Combine(demo, "audio"),
            offerTimeout is { } timeout ? [$"--Routing:OfferTimeoutSeconds={timeout.TotalSeconds}"] : []);
    }

    public DesktopClient Desktop(string agentId) => Agent(agentId).Desktop;

    /// <summary>
    /// Places an outbound call from the desktop and checks the order: the agent's phone answers before the number is
    /// dialled. Both sides' calls are kept for the scenario's later steps.
    /// </summary>
    /// <returns>Null when the order held, else what happened.</returns>
    public async Task<string?> CallOutAsync(string agentId, string number)
    {
        var outside = _outside ?? throw new InvalidOperationException("Nothing answers outside numbers; start with 'dialling out through a carrier'.");
        var agent = Agent(agentId);
        var agentSide = agent.NextCallAsync(Patience);
        await agent.Desktop.CallAsync(number);
        var far = await outside.NextAnsweredCallAsync(Patience);
        var mine = await agentSide;
        // On the wire, not by which task completed first: the phone hands its call over after its 200.
        var agentAnsweredFirst = far.RangAt > mine.AnsweredAt;
        _agentCalls[agentId] = mine;
        _outsideCalls[number] = far;
        await agent.WaitForCallAsync("connected", Patience);
        return agentAnsweredFirst ? null : "the outside number answered before the agent's phone had";
    }

    public PhoneCall OutsideCall(string number) =>
        _outsideCalls.TryGetValue(number, out var call) ? call : throw new InvalidOperationException($"No call reached {number}.");

    private async ValueTask DisposeOutsideAsync()
    {
        foreach (var call in _outsideCalls.Values) await call.DisposeAsync();
        if (_outside is not null) await _outside.DisposeAsync();
    }
}

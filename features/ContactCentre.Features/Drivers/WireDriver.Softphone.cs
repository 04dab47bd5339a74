using ContactCentre.Simulator.Agents;
using ContactCentre.Simulator.Phones;

namespace ContactCentre.Features.Drivers;

/// <summary>
/// Agents on the softphone on the wire (docs/agent-protocol.md, "Softphone"): a desktop logged in with
/// "device": "softphone", whose ring the simulated browser softphone takes over WebRTC (ICE, DTLS-SRTP).
/// </summary>
public sealed partial class WireDriver
{
    private readonly Dictionary<string, SimulatedSoftphoneAgent> _softphoneAgents = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SoftphoneCall> _softphoneCalls = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DesktopRing> _rings = new(StringComparer.Ordinal);

    /// <summary>Logs the agent in with the softphone; its rings are answered only when a step says so.</summary>
    public async Task LogInSoftphoneAgentAsync(string agentId)
    {
        var password = Host.Configuration.Agents.TryGetValue(agentId, out var definition) && definition.DesktopLoginPassword is { } configured
            ? configured
            : throw new InvalidOperationException($"Agent '{agentId}' has no desktop password in the contact centre's configuration.");
        var agent = await SimulatedSoftphoneAgent.StartAsync(agentId, password, new Uri($"ws://{Host.WebUri.Host}:{Host.WebUri.Port}/agent/ws"));
        agent.AnswersInbound = false;
        _softphoneAgents[agentId] = agent;
        await agent.LogInAsync(Patience);
    }

    public SimulatedSoftphoneAgent SoftphoneAgent(string agentId) =>
        _softphoneAgents.TryGetValue(agentId, out var agent) ? agent : throw new InvalidOperationException($"Agent '{agentId}' has not logged in with the softphone in this scenario.");

    /// <summary>Waits for the agent's softphone to ring, and keeps the ring for the answer.</summary>
    public async Task<DesktopRing> SoftphoneRingsAsync(string agentId)
    {
        var ring = await SoftphoneAgent(agentId).Desktop.NextRingAsync(Patience);
        _rings[agentId] = ring;
        return ring;
    }

    /// <summary>The softphone connects for the ringing call (offer, answer, ICE, DTLS), and the agent answers it.</summary>
    public async Task AnswerOnSoftphoneAsync(string agentId)
    {
        var ring = _rings.TryGetValue(agentId, out var r) ? r : throw new InvalidOperationException($"The softphone of '{agentId}' has not rung in this scenario.");
        _softphoneCalls[agentId] = await SoftphoneAgent(agentId).AnswerAsync(ring);
    }

    /// <summary>
    /// The agent calls a number out from the desktop: the softphone rings first and answers itself (the agent asked for
    /// the call), then the number is dialled. Both sides' calls are kept for the scenario's later steps.
    /// </summary>
    public async Task CallOutFromSoftphoneAsync(string agentId, string number)
    {
        var outside = _outside ?? throw new InvalidOperationException("Nothing answers outside numbers; start with 'dialling out through a carrier'.");
        var agent = SoftphoneAgent(agentId);
        var mine = agent.NextCallAsync(Patience);
        await agent.Desktop.CallAsync(number);
        _outsideCalls[number] = await outside.NextAnsweredCallAsync(Patience);
        _softphoneCalls[agentId] = await mine;
    }

    public SoftphoneCall SoftphoneCall(string agentId) =>
        _softphoneCalls.TryGetValue(agentId, out var call) ? call : throw new InvalidOperationException($"Agent '{agentId}' has answered no softphone call.");

    /// <summary>Closes the softphone agents' desktops and calls (the scenario's end).</summary>
    public async ValueTask DisposeSoftphonesAsync()
    {
        foreach (var agent in _softphoneAgents.Values) await agent.DisposeAsync();
        _softphoneAgents.Clear();
        _softphoneCalls.Clear();
    }
}

using ContactCentre.Domain.Agents;

namespace ContactCentre.Actors.Ports;

/// <summary>What an agent's phone shows when it rings.</summary>
public sealed record OfferDetails(string CallId, string Caller, string Queue, TimeSpan WaitTime)
{
    /// <summary>The agent's own outbound call rings the agent's device first (its softphone answers that by itself).</summary>
    public bool Outbound { get; init; }
}

/// <summary>Rings an agent's device. The result is the answered leg, or null with a reason when it was not answered.</summary>
public interface IAgentDialer
{
    Task<DialResult> DialAsync(AgentDevice device, OfferDetails offer, CancellationToken cancel);
}

public sealed record DialResult(ICallLeg? Leg, string Reason)
{
    public bool Answered => Leg is not null;
}

namespace ContactCentre.Domain.Agents;

/// <summary>An agent's state as the product names them (issue 6 adds wrap-up, busy and pause).</summary>
public enum AgentStatus
{
    LoggedOut,
    Ready,
    Connecting,
    Connected,
    NoAnswer,
}

/// <summary>Where the contact centre rings an agent: the softphone in the desktop, or an external phone's SIP URI.</summary>
public sealed record AgentDevice(string SipUri);

/// <summary>What the router knows of an agent: queues served, status, and since when (for longest-idle routing).</summary>
public sealed record AgentPresence(string AgentId, IReadOnlySet<string> Queues, AgentStatus Status, DateTimeOffset Since, AgentDevice? Device);

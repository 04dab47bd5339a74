namespace ContactCentre.Domain.Agents;

/// <summary>An agent's state as the product names them. New values go at the end (presence reports carry the number).</summary>
public enum AgentStatus
{
    LoggedOut,
    Ready,
    /// <summary>An offer rings the agent's device.</summary>
    Connecting,
    Connected,
    /// <summary>An offer was not answered (timed out, rejected or failed); the agent sends Ready to take calls again.</summary>
    NoAnswer,
    /// <summary>After-call work, limited by the queue's wrap-up time; the agent can end it early.</summary>
    WrapUp,
    /// <summary>On an outbound or non-queue call.</summary>
    Busy,
    /// <summary>Away with a reason from the configured list (or the automatic "No answer" pause).</summary>
    Paused,
}

/// <summary>
/// Where the contact centre rings an agent: an external phone's SIP URI (a registered phone or a SIP address), an
/// external phone number (<c>tel:+358…</c>, called through a trunk), or the desktop's softphone (<c>softphone:AGENT</c>),
/// which can only ring while the agent's desktop is open.
/// </summary>
public sealed record AgentDevice(string SipUri)
{
    public const string SoftphoneScheme = "softphone:";
    public const string NumberScheme = "tel:";

    public static AgentDevice Softphone(string agentId) => new(SoftphoneScheme + agentId);

    /// <summary>A phone number the contact centre calls through its trunk (a mobile, a home phone).</summary>
    public static AgentDevice PhoneNumber(string number) => new(NumberScheme + number);

    public bool IsSoftphone => SipUri.StartsWith(SoftphoneScheme, StringComparison.Ordinal);

    public bool IsPhoneNumber => SipUri.StartsWith(NumberScheme, StringComparison.Ordinal);

    /// <summary>The number of a <see cref="PhoneNumber"/> device; null for others.</summary>
    public string? Number => IsPhoneNumber ? SipUri[NumberScheme.Length..] : null;
}

/// <summary>What the router knows of an agent: queues served, status, and since when (for longest-idle routing).</summary>
public sealed record AgentPresence(string AgentId, IReadOnlySet<string> Queues, AgentStatus Status, DateTimeOffset Since, AgentDevice? Device)
{
    /// <summary>Skill name → level (1 and up); a ticket that needs skills goes only to agents who have them all.</summary>
    public IReadOnlyDictionary<string, int> Skills { get; init; } = NoSkills;

    /// <summary>Queue → the agent's priority for it (higher is served first; 0 when not given).</summary>
    public IReadOnlyDictionary<string, int> QueuePriorities { get; init; } = NoPriorities;

    public int PriorityOf(string queue) => QueuePriorities.TryGetValue(queue, out var p) ? p : 0;

    private static readonly IReadOnlyDictionary<string, int> NoSkills = new Dictionary<string, int>();
    private static readonly IReadOnlyDictionary<string, int> NoPriorities = new Dictionary<string, int>();
}

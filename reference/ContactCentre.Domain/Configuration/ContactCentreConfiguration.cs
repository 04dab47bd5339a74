using ContactCentre.Domain.Agents;
using ContactCentre.Domain.Flows;
using ContactCentre.Domain.Queues;
using ContactCentre.Domain.ServiceNumbers;

namespace ContactCentre.Domain.Configuration;

/// <summary>A queue and its limits, estimate and announcement settings (<see cref="QueueSettings"/>; defaults when not configured).</summary>
public sealed record QueueDefinition(string Name)
{
    public QueueSettings Settings { get; init; } = QueueSettings.Default;
}

/// <summary>An agent; <paramref name="SipPassword"/>, when set, lets the agent's SIP phone register (digest authentication).</summary>
public sealed record AgentDefinition(string Id, string Name, IReadOnlyList<string> Queues, string? SipPassword = null)
{
    /// <summary>Skill name → level (1 and up), for tickets that need skills.</summary>
    public IReadOnlyDictionary<string, int> Skills { get; init; } = new Dictionary<string, int>();

    /// <summary>Queue → the agent's priority for it: a free agent serves its higher-priority queues first.</summary>
    public IReadOnlyDictionary<string, int> QueuePriorities { get; init; } = new Dictionary<string, int>();

    /// <summary>A supervisor may log other agents out from the desktop.</summary>
    public bool Supervisor { get; init; }

    /// <summary>The password of the agent's desktop sessions ("desktopPassword"), when it differs from the SIP phone's.</summary>
    public string? DesktopPassword { get; init; }

    /// <summary>What a desktop <c>login</c> must carry: <see cref="DesktopPassword"/>, else <see cref="SipPassword"/>; null: the desktop cannot log in.</summary>
    public string? DesktopLoginPassword => DesktopPassword ?? SipPassword;
}

/// <summary>
/// A SIP trunk to a carrier: inbound calls are taken only from its addresses (IP or CIDR) once any
/// trunk is configured; outbound calls go to its proxy with its credentials.
/// </summary>
public sealed record TrunkDefinition(string Name, IReadOnlyList<string> InboundAddresses, string? OutboundProxy, string? Username, string? Password);

/// <summary>Everything an administrator configures: numbers, flows, queues and agents.</summary>
public sealed record ContactCentreConfiguration(
    string CountryCallingCode,
    IReadOnlyDictionary<ServiceNumber, string> ServiceNumbers,
    IReadOnlyDictionary<string, Flow> Flows,
    IReadOnlyDictionary<string, QueueDefinition> Queues,
    IReadOnlyDictionary<string, AgentDefinition> Agents)
{
    public IReadOnlyList<TrunkDefinition> Trunks { get; init; } = [];

    /// <summary>Pause reasons, wrap-up time per queue, automatic pause and log-off ("agentStates", queues' "wrapUpSeconds").</summary>
    public AgentRules AgentRules { get; init; } = AgentRules.Default;

    /// <summary>Contacts agents call or transfer to by name.</summary>
    public PhoneBook PhoneBook { get; init; } = PhoneBook.Empty;

    /// <summary>What serves but looks wrong (an unreachable module, a menu of 8 options), for the host to log.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>Every number answered, aliases included; by default the service numbers alone, read in the country's region.</summary>
    public ServiceNumberDirectory Numbers { get; init; } = new(
        ServiceNumbers.Select(n => new ServiceNumberEntry(n.Key, n.Value, [])),
        ServiceNumber.RegionOf(CountryCallingCode) ?? "ZZ");

    /// <summary>The service number a dialled number is, in any of its forms, and its flow; null for an unknown number.</summary>
    public (ServiceNumber Number, Flow Flow)? Resolve(string dialled) =>
        Resolve([new DialledNumber(dialled, "dialled")]) is { } found ? (found.Match.Number, found.Flow) : null;

    /// <summary>The first candidate that is a service number or an alias, with its flow; null when none is.</summary>
    public (ServiceNumberMatch Match, Flow Flow)? Resolve(IEnumerable<DialledNumber> candidates) =>
        Numbers.Find(candidates) is { } match ? (match, Flows[match.Flow]) : null;

    /// <summary>The flow that answers a dialled number, or null for an unknown number.</summary>
    public Flow? FlowFor(string dialled) => Resolve(dialled)?.Flow;

    /// <summary>Every prompt name any flow plays (so the host can check the audio files exist at start).</summary>
    public IEnumerable<string> PromptNames() => Flows.Values.SelectMany(f => f.AudioFiles).Distinct(StringComparer.Ordinal);
}

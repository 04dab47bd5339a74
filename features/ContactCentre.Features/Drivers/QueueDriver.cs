using ContactCentre.Domain.Configuration;
using ContactCentre.Domain.Flows;
using ContactCentre.Domain.Queues;

namespace ContactCentre.Features.Drivers;

/// <summary>
/// One queue in process on a virtual clock, run by the pure queue rules the queue actor applies (limits, estimates,
/// announcements, statistics): callers enter, wait, are answered or hang up, and the clock moves a second at a time so
/// that time limits and announcements fall when they would. Queue settings are read by the real configuration reader.
/// </summary>
public sealed class QueueDriver
{
    private static readonly DateTimeOffset Start = new(2025, 6, 2, 9, 0, 0, TimeSpan.Zero);

    private readonly Dictionary<string, QueueRefusal> _exits = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<Announcement>> _heard = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _heardChecked = new(StringComparer.Ordinal);
    private readonly Dictionary<string, AnnouncementState> _announced = new(StringComparer.Ordinal);
    private QueueSettings _settings = QueueSettings.Default;
    private QueueState _state = QueueState.Empty("support");
    private AnnouncementPolicy? _announcements;
    private int _priority;

    public DateTimeOffset Now { get; private set; } = Start;
    public AgentCount? Agents { get; private set; }
    public QueueState State => _state;
    public QueueSettings Settings => _settings;

    /// <summary>The queue's settings as its entry in contact-centre.json would give them, e.g. "maxWaiting": 2.</summary>
    public void Configure(string name, IEnumerable<(string Field, string Value)> fields)
    {
        var entries = fields.Select(f => $"\"{f.Field}\": {f.Value}").Prepend($"\"name\": \"{name}\"");
        var json = $$"""
            { "countryCallingCode": "358", "serviceNumbers": [ { "number": "0201234567", "flow": "F" } ],
              "queues": [ { {{string.Join(", ", entries)}} } ], "agents": [],
              "flows": [ { "name": "F", "start": "q", "modules": [ { "type": "queue", "name": "q", "queue": "{{name}}", "prompts": [] } ] } ] }
            """;
        _settings = ConfigurationReader.Parse(json).Queues[name].Settings;
        _announcements = AnnouncementPolicy.For(_settings);
        _state = QueueState.Empty(name, _settings);
    }

    public void SetAgents(int loggedIn, int ready)
    {
        Agents = new AgentCount(loggedIn, ready);
        Changed();
    }

    public void WithPriority(int priority) => _priority = priority;

    public void Enter(string caller, int? priority = null)
    {
        var ticket = new Ticket(caller, _state.Name, priority ?? _priority, Now, caller);
        if (QueueRules.Admit(_state, _settings, Agents, ticket, Now) is { } refused)
        {
            _state = _state.Apply(refused);
            _exits[caller] = refused.Exit;
            return;
        }
        _state = _state.Apply(new TicketQueued(ticket));
        Changed();
    }

    /// <summary>A caller who was in another queue enters this one now (a transfer).</summary>
    public void TransferIn(string caller, int priority)
    {
        var ticket = new Ticket(caller, "elsewhere", priority, Start, caller).TransferredInto(_state.Name, priority, Now);
        _state = _state.Apply(new TicketQueued(ticket));
        Changed();
    }

    public void Answer(string caller) => Close(caller, TicketOutcome.Answered, "answered by an agent");

    public void HangUp(string caller) => Close(caller, TicketOutcome.Abandoned, "caller hung up");

    /// <summary>An agent ends an answered call that lasted <paramref name="handleTime"/>.</summary>
    public void Handled(TimeSpan handleTime)
    {
        _state = _state.Apply(new TicketHandled("handled", handleTime, Now));
        Changed();
    }

    public void Pass(TimeSpan time)
    {
        var end = Now + time;
        while (Now < end)
        {
            var step = end - Now < TimeSpan.FromSeconds(1) ? end - Now : TimeSpan.FromSeconds(1);
            Now += step;
            Changed();
        }
    }

    public QueueRefusal? ExitOf(string caller) => _exits.TryGetValue(caller, out var exit) ? exit : null;

    public WaitEstimate Estimate(string caller) =>
        WaitEstimator.For(caller, _state, _settings, Agents, Now) ?? throw new InvalidOperationException($"The caller '{caller}' does not wait in the queue.");

    public WaitEstimate EstimateForNewCaller() => WaitEstimator.ForNewTicket(_state, _settings, Agents);

    public QueueOverview Overview() => QueueOverview.Of(_state, _settings, Agents, Now);

    /// <summary>The announcements a caller heard since the last check.</summary>
    public IReadOnlyList<Announcement> NewAnnouncements(string caller)
    {
        var all = _heard.GetValueOrDefault(caller) ?? [];
        var seen = _heardChecked.GetValueOrDefault(caller);
        _heardChecked[caller] = all.Count;
        return all.Skip(seen).ToList();
    }

    private void Close(string caller, TicketOutcome outcome, string reason)
    {
        if (_state.PositionOf(caller) is null)
            throw new InvalidOperationException($"The caller '{caller}' does not wait in the queue.");
        _state = _state.Apply(new TicketClosed(caller, outcome, Now, reason));
        Changed();
    }

    /// <summary>What the queue actor does after every change: send out tickets whose time is up, then announce.</summary>
    private void Changed()
    {
        foreach (var exit in QueueRules.Due(_state, _settings, Agents, Now))
        {
            _state = _state.Apply(new TicketClosed(exit.Ticket.Id, exit.Outcome, Now, exit.Reason));
            _exits[exit.Ticket.Id] = exit.Exit;
        }
        if (_announcements is null) return;
        foreach (var estimate in WaitEstimator.ForWaiting(_state, _settings, Agents, Now))
        {
            var before = _announced.GetValueOrDefault(estimate.TicketId) ?? AnnouncementState.None;
            if (_announcements.Next(before, estimate, Now) is not { } announcement) continue;
            _announced[estimate.TicketId] = before.Announced(announcement, Now);
            if (!_heard.TryGetValue(estimate.TicketId, out var heard)) _heard[estimate.TicketId] = heard = [];
            heard.Add(announcement);
        }
    }
}

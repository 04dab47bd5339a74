using Akka.Actor;
using Akka.TestKit;
using ContactCentre.Actors.Agents;
using ContactCentre.Actors.Routing;
using ContactCentre.Domain.Agents;
using ContactCentre.Domain.Configuration;
using ContactCentre.Domain.Queues;

namespace ContactCentre.Features.Drivers;

/// <summary>
/// The automatic call distributor in process: the real router and agent actors on Akka's TestScheduler, so that
/// "20 seconds pass" takes no time. Calls are small actors that note which agent their offer rings; the scenario
/// answers, rejects and ends them as a phone and a caller would.
/// </summary>
public sealed class AcdDriver : IAsyncDisposable
{
    /// <summary>Real time allowed for the actors to act on what a step did (they run on the thread pool).</summary>
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private readonly Dictionary<string, IActorRef> _agents = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (Ticket Ticket, IActorRef Call)> _calls = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TimeSpan> _wrapUp = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Dictionary<string, int>> _skills = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Dictionary<string, int>> _priorities = new(StringComparer.Ordinal);
    private ActorSystem? _system;
    private IActorRef? _router;
    private int _callCount;

    public TimeSpan OfferTimeout { get; set; } = RouterActor.DefaultOfferTimeout;
    public IReadOnlyList<string> PauseReasons { get; set; } = [];
    public int AutoPauseAfterNoAnswers { get; set; }
    public int AutoLogoffAfterOfferErrors { get; set; } = 5;
    public void SetWrapUp(string queue, TimeSpan time) => _wrapUp[queue] = time;

    /// <summary>Gives an agent a skill (before it first logs in).</summary>
    public void SetSkill(string agent, string skill, int level) => Entry(_skills, agent)[skill] = level;

    /// <summary>Sets an agent's priority for a queue (before it first logs in); higher is served first.</summary>
    public void SetPriority(string agent, string queue, int priority) => Entry(_priorities, agent)[queue] = priority;

    private static Dictionary<string, int> Entry(Dictionary<string, Dictionary<string, int>> map, string agent) =>
        map.TryGetValue(agent, out var entry) ? entry : map[agent] = new Dictionary<string, int>(StringComparer.Ordinal);

    /// <summary>The last refusal a command got, e.g. a pause with an unknown reason.</summary>
    public string? LastRefusal { get; private set; }

    private ActorSystem System => _system ??= ActorSystem.Create($"acd-{Guid.NewGuid():N}", """
        akka.scheduler.implementation = "Akka.TestKit.TestScheduler, Akka.TestKit"
        akka.loglevel = WARNING
        akka.stdout-loglevel = WARNING
        """);

    private TestScheduler Scheduler => (TestScheduler)System.Scheduler;

    private IActorRef Router
    {
        get
        {
            if (_router is not null) return _router;
            var timeout = OfferTimeout;
            return _router = System.ActorOf(Props.Create(() => new RouterActor(timeout)), "router");
        }
    }

    private AgentRules Rules => new(PauseReasons, new Dictionary<string, TimeSpan>(_wrapUp), AutoPauseAfterNoAnswers, AutoLogoffAfterOfferErrors);

    public IActorRef Agent(string id, params string[] queues)
    {
        if (_agents.TryGetValue(id, out var agent)) return agent;
        var definition = new AgentDefinition(id, id, queues.Length > 0 ? queues : ["support"])
        {
            Supervisor = id.StartsWith("supervisor", StringComparison.Ordinal),
            Skills = _skills.GetValueOrDefault(id) ?? [],
            QueuePriorities = _priorities.GetValueOrDefault(id) ?? [],
        };
        var router = Router;
        var clock = new SchedulerClock(System.Scheduler);
        var rules = Rules;
        agent = System.ActorOf(Props.Create(() => new AgentActor(definition, router, clock, rules)), id);
        _agents[id] = agent;
        return agent;
    }

    /// <summary>Sends a command to the agent and waits for its answer: the agent's state, or a refusal (kept in <see cref="LastRefusal"/>).</summary>
    public async Task<AgentStateChanged?> CommandAsync(string agent, object command)
    {
        var reply = await Agent(agent).Ask<object>(command, Patience);
        LastRefusal = (reply as AgentCommandRefused)?.Reason;
        return reply as AgentStateChanged;
    }

    public async Task LogInAsync(string agent, string queue, bool softphone = false)
    {
        Agent(agent, queue.Split(',', StringSplitOptions.TrimEntries));
        var device = softphone ? AgentDevice.Softphone(agent) : new AgentDevice($"sip:{agent}@127.0.0.1:5070");
        var state = await CommandAsync(agent, new Login(device));
        if (state?.Status != AgentStatus.Ready) throw new InvalidOperationException($"Agent {agent} did not log in: {LastRefusal ?? state?.Status.ToString()}");
        // One second between logins, so that the agent who logged in first has been idle longest.
        Scheduler.Advance(TimeSpan.FromSeconds(1));
    }

    public Task<AgentPresence> PresenceAsync(string agent) => Agent(agent).Ask<AgentPresence>(new GetPresence(), Patience);

    /// <summary>Waits until the agent is in <paramref name="status"/>; fails naming what it is instead.</summary>
    public async Task AwaitStatusAsync(string agent, AgentStatus status)
    {
        using var deadline = new CancellationTokenSource(Patience);
        AgentPresence presence;
        while ((presence = await PresenceAsync(agent)).Status != status && !deadline.IsCancellationRequested)
            await Task.Delay(10, CancellationToken.None);
        Assert.True(presence.Status == status, $"Agent {agent} is {presence.Status}, not {status}.");
    }

    /// <summary>A caller enters the queue; <paramref name="skills"/> are what an agent needs to take the call.</summary>
    public string CallWaits(string queue, params string[] skills)
    {
        var id = $"call-{++_callCount}";
        var ticket = new Ticket(id, queue, 0, Scheduler.Now, "+358401234567");
        var call = System.ActorOf(Props.Create(() => new SpecCall()), id);
        _calls[id] = (ticket, call);
        Router.Tell(new TicketWaiting(ticket, call) { Skills = skills.ToHashSet(StringComparer.Ordinal) });
        return id;
    }

    public string LastCall => $"call-{_callCount}";

    /// <summary>The latest call that waited in <paramref name="queue"/>.</summary>
    public string CallIn(string queue) => _calls.Values.Where(c => c.Ticket.Queue == queue).MaxBy(c => c.Ticket.EnteredAt).Ticket.Id;

    public async Task<string?> RingingAsync(string call) => (await _calls[call].Call.Ask<SpecCall.Ringing>(SpecCall.WhoRings.Instance, Patience)).Agent;

    /// <summary>Waits until the call rings <paramref name="agent"/> (null: rings nobody).</summary>
    public async Task AwaitRingingAsync(string call, string? agent)
    {
        using var deadline = new CancellationTokenSource(Patience);
        string? ringing;
        while ((ringing = await RingingAsync(call)) != agent && !deadline.IsCancellationRequested)
            await Task.Delay(10, CancellationToken.None);
        Assert.True(ringing == agent, $"The call rings {ringing ?? "nobody"}, not {agent ?? "nobody"}.");
    }

    /// <summary>Waits until the call rings some agent; returns who.</summary>
    public async Task<string> AwaitRingingAnyoneAsync(string call)
    {
        using var deadline = new CancellationTokenSource(Patience);
        string? ringing;
        while ((ringing = await RingingAsync(call)) is null && !deadline.IsCancellationRequested)
            await Task.Delay(10, CancellationToken.None);
        return ringing ?? throw new InvalidOperationException($"{call} rings nobody.");
    }

    /// <summary>The agent's state as its desktop sees it (with the pause reason and queues).</summary>
    public Task<AgentStateChanged> StateAsync(string agent) =>
        Agent(agent).Ask<AgentStateChanged>(replyTo => new Subscribe(replyTo), Patience, CancellationToken.None);

    public async Task AnswerAsync(string call)
    {
        var agent = await RingingAsync(call) ?? throw new InvalidOperationException($"{call} rings nobody, so nobody can answer it.");
        _agents[agent].Tell(new OfferAccepted(call));
        Router.Tell(new OfferAnswered(call) { AgentId = agent });
        _calls[call].Call.Tell(new SpecCall.Answered(agent));
        await AwaitStatusAsync(agent, AgentStatus.Connected);
    }

    public void Reject(string agent, string call) => _agents[agent].Tell(new RejectOfferedTicket(call));

    /// <summary>The connected call ends (either party hangs up).</summary>
    public void EndCall(string call, string agent) => _agents[agent].Tell(new AgentCallEnded(call));

    /// <summary>The caller hangs up while waiting or while the offer rings.</summary>
    public async Task CallerHangsUpAsync(string call)
    {
        var ringing = await RingingAsync(call);
        Router.Tell(new TicketGone(call));
        if (ringing is not null) _agents[ringing].Tell(new OfferNotAccepted(call, "caller hung up"));
    }

    /// <summary>Lets virtual time pass, once the router has acted on everything sent to it (so that its offer timers are set).</summary>
    public async Task PassAsync(TimeSpan time)
    {
        await Router.Ask<RoutingSnapshot>(new GetRouting(), Patience);
        Scheduler.Advance(time);
        // And has acted on the timers that fired (what it tells agents reaches them before anything sent later).
        await Router.Ask<RoutingSnapshot>(new GetRouting(), Patience);
    }

    /// <summary>Waits until the router has acted on everything sent to it so far.</summary>
    public Task<RoutingSnapshot> RoutingAsync() => Router.Ask<RoutingSnapshot>(new GetRouting(), Patience);

    /// <summary>Waits until the agent is in one of <paramref name="statuses"/>; returns which.</summary>
    public async Task<AgentStatus> AwaitAnyStatusAsync(string agent, params AgentStatus[] statuses)
    {
        using var deadline = new CancellationTokenSource(Patience);
        var presence = await PresenceAsync(agent);
        while (!Array.Exists(statuses, s => s == presence.Status) && !deadline.IsCancellationRequested)
        {
            await Task.Delay(10, CancellationToken.None);
            presence = await PresenceAsync(agent);
        }
        Assert.True(Array.Exists(statuses, s => s == presence.Status), $"Agent {agent} is {presence.Status}, not {string.Join(" or ", statuses)}.");
        return presence.Status;
    }

    public async ValueTask DisposeAsync()
    {
        if (_system is not null) await _system.Terminate();
    }

    /// <summary>A call waiting in a queue: knows which agent its offer rings, as a phone call would.</summary>
    private sealed class SpecCall : ReceiveActor
    {
        public sealed class WhoRings
        {
            public static readonly WhoRings Instance = new();
        }

        public sealed record Answered(string Agent);
        public sealed record Ringing(string? Agent);

        private string? _ringing;
        private bool _answered;
        private readonly HashSet<string> _withdrawn = new(StringComparer.Ordinal);

        public SpecCall()
        {
            // As the real call does: a withdrawal can overtake the agent's OfferCall (virtual time lets the offer time out
            // before the agent has even passed it on); that late OfferCall then rings nobody.
            Receive<OfferCall>(m =>
            {
                if (!_withdrawn.Remove(m.Agent.AgentId) && !_answered) _ringing = m.Agent.AgentId;
            });
            Receive<WithdrawOffer>(m =>
            {
                if (_answered) return;
                if (m.AgentId == _ringing) _ringing = null;
                else _withdrawn.Add(m.AgentId);
            });
            Receive<Answered>(_ => _answered = true);
            Receive<WhoRings>(_ => Sender.Tell(new Ringing(_answered ? null : _ringing)));
        }
    }

    private sealed class SchedulerClock(IScheduler scheduler) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => scheduler.Now;
    }
}

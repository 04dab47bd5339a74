using Akka.Actor;
using Akka.Configuration;
using Akka.TestKit;
using ContactCentre.Actors.Queues;
using ContactCentre.Domain.Configuration;
using ContactCentre.Domain.Queues;

namespace ContactCentre.Features.Drivers;

/// <summary>
/// One real <see cref="QueueActor"/> in process, on virtual time: an actor system whose scheduler the driver moves
/// (Akka's TestScheduler) and whose clock reads that scheduler, on the in-memory journal. Callers are small actors that
/// keep what the queue tells them (exits, announcements); the router is one that keeps what the queue tells it.
/// Time passes a second at a time, the queue settling in between, so that limits and announcements fall when they would.
/// Queue settings are read by the real configuration reader.
/// </summary>
public sealed class QueueDriver : IAsyncDisposable
{
    private static readonly Config VirtualTime = ConfigurationFactory.ParseString(
        """akka.scheduler.implementation = "Akka.TestKit.TestScheduler, Akka.TestKit" """);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private readonly ActorSystem _system = ActorSystem.Create("queues", VirtualTime);
    private readonly Dictionary<string, IActorRef> _callers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _announcementsChecked = new(StringComparer.Ordinal);
    private readonly IActorRef _router;
    private readonly SchedulerClock _clock;
    private IActorRef? _queue;
    private string _name = "support";

    public QueueDriver()
    {
        _clock = new SchedulerClock(_system.Scheduler);
        _router = _system.ActorOf(Props.Create(() => new Listener()), "router");
    }

    private TestScheduler Scheduler => (TestScheduler)_system.Scheduler;

    private IActorRef Queue => _queue ?? throw new InvalidOperationException("No queue yet; add 'Given the queue \"support\"'.");

    /// <summary>Starts the queue with its settings as its entry in contact-centre.json would give them, e.g. "maxWaiting": 2.</summary>
    public void Configure(string name, IEnumerable<(string Field, string Value)> fields)
    {
        var entries = fields.Select(f => $"\"{f.Field}\": {f.Value}").Prepend($"\"name\": \"{name}\"");
        var json = $$"""
            { "countryCallingCode": "358", "serviceNumbers": [ { "number": "0201234567", "flow": "F" } ],
              "queues": [ { {{string.Join(", ", entries)}} } ], "agents": [],
              "flows": [ { "name": "F", "start": "q", "modules": [ { "type": "queue", "name": "q", "queue": "{{name}}", "prompts": [] } ] } ] }
            """;
        var settings = ConfigurationReader.Parse(json).Queues[name].Settings;
        _name = name;
        _queue = _system.ActorOf(Props.Create(() => new QueueActor(name, _router, _clock, settings)), $"queue-{name}");
    }

    public Task SetAgentsAsync(int loggedIn, int ready) => TellAsync(new QueueAgentsChanged(loggedIn, ready));

    public Task EnterAsync(string caller, int priority = 0) =>
        TellAsync(new Enqueue(new Ticket(caller, _name, priority, _clock.GetUtcNow(), caller), Caller(caller)));

    /// <summary>A caller who was in another queue enters this one now (a transfer).</summary>
    public Task TransferInAsync(string caller, int priority)
    {
        var ticket = new Ticket(caller, "elsewhere", priority, _clock.GetUtcNow() - TimeSpan.FromMinutes(10), caller)
            .TransferredInto(_name, priority, _clock.GetUtcNow());
        return TellAsync(new Enqueue(ticket, Caller(caller)));
    }

    public Task AnswerAsync(string caller) => TellAsync(new CloseTicket(caller, TicketOutcome.Answered, "answered by an agent"));

    public Task HangUpAsync(string caller) => TellAsync(new CloseTicket(caller, TicketOutcome.Abandoned, "caller hung up"));

    /// <summary>An agent ends an answered call that lasted <paramref name="handleTime"/>.</summary>
    public Task HandledAsync(TimeSpan handleTime) => TellAsync(new CallHandled("handled", handleTime));

    public async Task PassAsync(TimeSpan time)
    {
        for (var left = time; left > TimeSpan.Zero; left -= TimeSpan.FromSeconds(1))
        {
            await SettleAsync();
            Scheduler.Advance(left < TimeSpan.FromSeconds(1) ? left : TimeSpan.FromSeconds(1));
        }
        await SettleAsync();
    }

    public async Task<QueueState> StateAsync() => await AskAsync<QueueState>(Queue, new GetWaiting());

    public async Task<QueueOverview> OverviewAsync() => await AskAsync<QueueOverview>(Queue, new GetQueueOverview());

    public async Task<WaitEstimate> EstimateAsync(string caller) =>
        (await AskAsync<TicketWaitEstimate>(Queue, new GetWaitEstimate(caller))).Estimate
        ?? throw new InvalidOperationException($"The caller '{caller}' does not wait in the queue.");

    /// <summary>The exit the queue sent the caller to, or null.</summary>
    public async Task<QueueExitTaken?> ExitOfAsync(string caller)
    {
        await SettleAsync();
        return (await HeardByAsync(caller)).OfType<QueueExitTaken>().LastOrDefault();
    }

    /// <summary>The announcements the caller was sent since the last check.</summary>
    public async Task<IReadOnlyList<AnnounceWait>> NewAnnouncementsAsync(string caller)
    {
        await SettleAsync();
        var all = (await HeardByAsync(caller)).OfType<AnnounceWait>().ToList();
        var seen = _announcementsChecked.GetValueOrDefault(caller);
        _announcementsChecked[caller] = all.Count;
        return all.Skip(seen).ToList();
    }

    private IActorRef Caller(string caller)
    {
        if (!_callers.TryGetValue(caller, out var actor))
            _callers[caller] = actor = _system.ActorOf(Props.Create(() => new Listener()), $"caller-{caller}");
        return actor;
    }

    /// <summary>What a caller's actor received; asked after the queue settled, so it holds all the queue sent before.</summary>
    private async Task<IReadOnlyList<object>> HeardByAsync(string caller) =>
        _callers.TryGetValue(caller, out var actor) ? await AskAsync<IReadOnlyList<object>>(actor, Listener.Received.Instance) : [];

    private async Task TellAsync(object message)
    {
        Queue.Tell(message);
        await SettleAsync();
    }

    /// <summary>The queue has handled everything sent to it so far (its mailbox is in order).</summary>
    private Task SettleAsync() => AskAsync<QueueOverview>(Queue, new GetQueueOverview());

    // Ask's own timeout runs on the virtual scheduler; a real-time guard keeps a lost reply from hanging the scenario.
    private static Task<T> AskAsync<T>(IActorRef actor, object message) => actor.Ask<T>(message).WaitAsync(Patience);

    public async ValueTask DisposeAsync() => await _system.Terminate();

    /// <summary>Keeps every message it gets; answers <see cref="Received"/> with them, in order.</summary>
    private sealed class Listener : ReceiveActor
    {
        public sealed class Received
        {
            public static Received Instance { get; } = new();
        }

        public Listener()
        {
            var received = new List<object>();
            Receive<Received>(_ => Sender.Tell(received.ToList()));
            ReceiveAny(received.Add);
        }
    }

    /// <summary>The actors' clock read from the virtual scheduler, so that timers and "now" move together.</summary>
    private sealed class SchedulerClock(IScheduler scheduler) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => scheduler.Now;
    }
}

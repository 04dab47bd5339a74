using System.Diagnostics;
using Akka.Actor;
using ContactCentre.Actors.Routing;
using ContactCentre.Domain.Agents;
using ContactCentre.Domain.Queues;
using HdrHistogram;

namespace ContactCentre.Load.Routing;

/// <summary>
/// Real time through the <see cref="RouterActor"/>: agents that answer every offer at once and report themselves Ready
/// again, while every queue keeps calls waiting. Measures from the agent's Ready report to the offer reaching it.
/// </summary>
public static class RouterLatency
{
    /// <summary>An agent that takes every offer, asks for a new call in its place, and is Ready again at once.</summary>
    private sealed class CyclingAgent : ReceiveActor
    {
        private readonly IActorRef _router;
        private readonly AgentPresence _ready;
        private readonly LongHistogram _latency;
        private readonly Func<bool> _running;
        private readonly Func<string, Ticket> _newTicket;
        private long _readyAt;

        public CyclingAgent(IActorRef router, AgentPresence ready, LongHistogram latency, Func<bool> running, Func<string, Ticket> newTicket)
        {
            _router = router;
            _ready = ready;
            _latency = latency;
            _running = running;
            _newTicket = newTicket;
            Receive<string>(_ => ReportReady());
            Receive<OfferStarted>(m =>
            {
                var micros = (Stopwatch.GetTimestamp() - _readyAt) * 1_000_000 / Stopwatch.Frequency;
                lock (_latency) _latency.RecordValue(Math.Max(1, micros));
                _router.Tell(new OfferAnswered(m.TicketId) { AgentId = _ready.AgentId });
                _router.Tell(new TicketWaiting(_newTicket(m.Queue), ActorRefs.Nobody));
                if (_running()) ReportReady();
            });
        }

        private void ReportReady()
        {
            _readyAt = Stopwatch.GetTimestamp();
            _router.Tell(new AgentPresenceChanged(_ready with { Since = DateTimeOffset.UtcNow }, Self));
        }
    }

    public sealed record Result(int Agents, long Offers, TimeSpan Elapsed, LongHistogram Latency)
    {
        public double OffersPerSecond => Offers / Elapsed.TotalSeconds;
        public double Micros(double percentile) => Latency.GetValueAtPercentile(percentile);
    }

    public static async Task<Result> RunAsync(int agents, int queues, TimeSpan duration)
    {
        var system = ActorSystem.Create("routing-latency", "akka.loglevel = WARNING\nakka.stdout-loglevel = WARNING");
        try
        {
            var router = system.ActorOf(Props.Create(() => new RouterActor(TimeSpan.FromSeconds(20))), "router");
            var latency = new LongHistogram(10_000_000, 3); // microseconds, up to 10 s
            var running = true;
            long tickets = 0;
            Func<string, Ticket> newTicket = queue =>
                new($"t{Interlocked.Increment(ref tickets)}", queue, 0, DateTimeOffset.UtcNow, "+358401234567");
            Func<bool> isRunning = () => Volatile.Read(ref running);

            // Five calls waiting in every queue, so that a Ready agent always has one.
            for (var q = 0; q < queues; q++)
                for (var i = 0; i < 5; i++)
                    router.Tell(new TicketWaiting(newTicket($"q{q}"), ActorRefs.Nobody));

            var device = new AgentDevice("sip:agent@127.0.0.1");
            var random = new Random(6);
            var actors = new List<IActorRef>();
            for (var i = 0; i < agents; i++)
            {
                var home = $"q{i % queues}";
                var served = new HashSet<string>(StringComparer.Ordinal) { home, $"q{random.Next(queues)}", $"q{random.Next(queues)}" };
                var presence = new AgentPresence($"a{i}", served, AgentStatus.Ready, DateTimeOffset.UtcNow, device);
                actors.Add(system.ActorOf(Props.Create(() => new CyclingAgent(router, presence, latency, isRunning, newTicket))));
            }

            var clock = Stopwatch.StartNew();
            foreach (var a in actors) a.Tell("go");
            await Task.Delay(duration);
            Volatile.Write(ref running, false);
            var elapsed = clock.Elapsed;
            long offers;
            lock (latency) offers = latency.TotalCount;
            return new Result(agents, offers, elapsed, latency);
        }
        finally
        {
            await system.Terminate();
        }
    }
}

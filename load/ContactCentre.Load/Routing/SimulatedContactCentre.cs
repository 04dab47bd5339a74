using ContactCentre.Domain.Agents;
using ContactCentre.Domain.Queues;
using ContactCentre.Domain.Routing;

namespace ContactCentre.Load.Routing;

/// <summary>
/// A discrete-event simulation of a contact centre on the pure <see cref="Distributor"/>, in virtual time: Poisson
/// arrivals over the queues, offers that are answered after a few seconds of ringing or time out after 20 s (the agent
/// is No answer for a while), exponential handle times, callers who give up. Every agent serves a home queue first
/// and two others after it.
/// </summary>
public sealed class SimulatedContactCentre
{
    private enum Kind { Arrival, Answer, OfferTimeout, CallEnd, AgentBack, Abandon }
    private readonly record struct Event(Kind Kind, int Ticket, int Agent);

    private static readonly DateTimeOffset Start = new(2026, 11, 27, 8, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan OfferTimeout = TimeSpan.FromSeconds(20);

    private readonly Distributor _distributor = new();
    private readonly PriorityQueue<Event, (long Ticks, long Seq)> _events = new();
    private readonly Random _random = new(6);
    private readonly int _queues;
    private readonly AgentPresence[] _agents;
    private readonly double _arrivalsPerSecond;
    private readonly double _handleSeconds;
    private readonly double _patienceSeconds;
    private readonly double _noAnswerShare;
    private readonly List<Ticket> _tickets = [];
    private readonly List<bool> _settled = [];
    private long _seq;
    private long _now;

    public SimulatedContactCentre(int agents, int queues, double occupancy = 0.95, double handleSeconds = 180, double patienceSeconds = 300, double noAnswerShare = 0.05)
    {
        _queues = queues;
        _handleSeconds = handleSeconds;
        _patienceSeconds = patienceSeconds;
        _noAnswerShare = noAnswerShare;
        _arrivalsPerSecond = occupancy * agents / handleSeconds;
        var device = new AgentDevice("sip:agent@127.0.0.1");
        _agents = new AgentPresence[agents];
        for (var i = 0; i < agents; i++)
        {
            var home = $"q{i % queues}";
            var served = new HashSet<string>(StringComparer.Ordinal) { home, $"q{_random.Next(queues)}", $"q{_random.Next(queues)}" };
            _agents[i] = new AgentPresence($"a{i}", served, AgentStatus.Ready, Start, device)
            {
                QueuePriorities = new Dictionary<string, int>(StringComparer.Ordinal) { [home] = 1 },
            };
            _distributor.AgentChanged(_agents[i]);
        }
        _now = Start.UtcTicks;
        Schedule(Kind.Arrival, 0, -1, Exponential(1 / _arrivalsPerSecond));
    }

    public long Offers { get; private set; }
    public long Answered { get; private set; }
    public long Abandoned { get; private set; }
    public long NoAnswers { get; private set; }
    public TimeSpan SimulatedTime => TimeSpan.FromTicks(_now - Start.UtcTicks);

    /// <summary>Runs until <paramref name="answered"/> calls were answered or the wall-clock budget is spent.</summary>
    public void Run(long answered, TimeSpan budget)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var target = Answered + answered;
        while (Answered < target && _events.TryDequeue(out var e, out var at))
        {
            _now = at.Ticks;
            Handle(e);
            while (_distributor.NextAssignment() is { } offer) Offered(offer);
            if ((Answered & 0x3FF) == 0 && clock.Elapsed > budget) break;
        }
    }

    private void Handle(Event e)
    {
        var now = new DateTimeOffset(_now, TimeSpan.Zero);
        switch (e.Kind)
        {
            case Kind.Arrival:
            {
                var id = _tickets.Count;
                var ticket = new Ticket(id.ToString(System.Globalization.CultureInfo.InvariantCulture), $"q{_random.Next(_queues)}", 0, now, "+358401234567");
                _tickets.Add(ticket);
                _settled.Add(false);
                _distributor.TicketWaiting(ticket);
                Schedule(Kind.Abandon, id, -1, Exponential(_patienceSeconds));
                Schedule(Kind.Arrival, 0, -1, Exponential(1 / _arrivalsPerSecond));
                break;
            }
            case Kind.Answer when IsOffered(e.Ticket, e.Agent):
                _distributor.OfferAnswered(_tickets[e.Ticket].Id, _agents[e.Agent].AgentId);
                _settled[e.Ticket] = true;
                Answered++;
                Schedule(Kind.CallEnd, e.Ticket, e.Agent, Exponential(_handleSeconds));
                break;
            case Kind.OfferTimeout when IsOffered(e.Ticket, e.Agent):
                _distributor.OfferFailed(_tickets[e.Ticket].Id, _agents[e.Agent].AgentId);
                NoAnswers++;
                Report(e.Agent, AgentStatus.NoAnswer, now);
                Schedule(Kind.AgentBack, e.Ticket, e.Agent, 30);
                break;
            case Kind.CallEnd or Kind.AgentBack:
                Report(e.Agent, AgentStatus.Ready, now);
                break;
            case Kind.Abandon when !_settled[e.Ticket]:
                _settled[e.Ticket] = true;
                Abandoned++;
                if (_distributor.TicketGone(_tickets[e.Ticket].Id) is { } ended)
                    Report(AgentIndex(ended.Agent.AgentId), AgentStatus.Ready, now);
                break;
        }
    }

    private void Offered(Assignment offer)
    {
        Offers++;
        var ticket = int.Parse(offer.Ticket.Id, System.Globalization.CultureInfo.InvariantCulture);
        var agent = AgentIndex(offer.Agent.AgentId);
        Report(agent, AgentStatus.Connecting, new DateTimeOffset(_now, TimeSpan.Zero));
        if (_random.NextDouble() < _noAnswerShare) Schedule(Kind.OfferTimeout, ticket, agent, OfferTimeout.TotalSeconds);
        else Schedule(Kind.Answer, ticket, agent, 2 + _random.NextDouble() * 6);
    }

    private bool IsOffered(int ticket, int agent) => _distributor.OfferOf(_tickets[ticket].Id)?.Agent.AgentId == _agents[agent].AgentId;

    private void Report(int agent, AgentStatus status, DateTimeOffset now)
    {
        _agents[agent] = _agents[agent] with { Status = status, Since = now };
        _distributor.AgentChanged(_agents[agent]);
    }

    private static int AgentIndex(string agentId) => int.Parse(agentId.AsSpan(1), System.Globalization.CultureInfo.InvariantCulture);

    private void Schedule(Kind kind, int ticket, int agent, double afterSeconds) =>
        _events.Enqueue(new Event(kind, ticket, agent), (_now + (long)(afterSeconds * TimeSpan.TicksPerSecond), _seq++));

    private double Exponential(double mean) => -mean * Math.Log(1 - _random.NextDouble());
}

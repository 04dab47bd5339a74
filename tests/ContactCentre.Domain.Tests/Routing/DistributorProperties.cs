using ContactCentre.Domain.Agents;
using ContactCentre.Domain.Queues;
using ContactCentre.Domain.Routing;
using CsCheck;

namespace ContactCentre.Domain.Tests.Routing;

/// <summary>
/// Random sequences of what happens around the distributor (tickets arrive and leave, agents change state, offers are
/// answered, rejected or time out, late reports of old offers) and, after every step and every offer made, the
/// invariants: a ticket is offered to one agent at most, an agent has one offer at most, only to a free agent of the
/// ticket's queue with its skills, never a ticket that left, and nothing that could be offered is left waiting.
/// </summary>
[Trait("Category", "Unit")]
public sealed class DistributorProperties
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 27, 9, 0, 0, TimeSpan.Zero);
    private static readonly string[] QueueNames = ["support", "sales"];
    private static readonly AgentStatus[] Reported = [AgentStatus.Ready, AgentStatus.Ready, AgentStatus.Paused, AgentStatus.LoggedOut, AgentStatus.Connecting, AgentStatus.NoAnswer, AgentStatus.Connected];

    /// <summary>Agent i: its queues, priorities and skills, fixed for a run so that the model can check them.</summary>
    private static AgentPresence Presence(int agent, AgentStatus status, int since, bool device) => new(
        $"a{agent}",
        (agent % 3) switch { 0 => new HashSet<string> { "support" }, 1 => new HashSet<string> { "sales" }, _ => new HashSet<string> { "support", "sales" } },
        status, T0.AddSeconds(since), device ? new AgentDevice($"sip:a{agent}@127.0.0.1") : null)
    {
        QueuePriorities = agent % 2 == 0 ? new Dictionary<string, int> { ["sales"] = 1 } : new Dictionary<string, int>(),
        Skills = agent % 4 == 3 ? new Dictionary<string, int> { ["finnish"] = agent } : new Dictionary<string, int>(),
    };

    public abstract record Step;
    public sealed record Arrives(int Ticket, int Queue, int Priority, bool NeedsFinnish) : Step;
    public sealed record Leaves(int Ticket) : Step;
    public sealed record AgentReports(int Agent, int Status, bool Device) : Step;
    /// <summary>An offer of the ticket ends (answered or failed): by its agent, or a late report naming another agent.</summary>
    public sealed record OfferEnds(int Ticket, bool Answered, int OtherAgent, bool Late) : Step;
    public sealed record Refuses(int Ticket, int Status) : Step;

    private static readonly Gen<Step> Steps = Gen.Frequency(
        (4, Gen.Select(Gen.Int[0, 11], Gen.Int[0, 1], Gen.Int[0, 2], Gen.Int[0, 4]).Select((t, q, p, s) => (Step)new Arrives(t, q, p, s == 0))),
        (2, Gen.Int[0, 11].Select(t => (Step)new Leaves(t))),
        (5, Gen.Select(Gen.Int[0, 7], Gen.Int[0, Reported.Length - 1], Gen.Int[0, 9]).Select((a, s, d) => (Step)new AgentReports(a, s, d > 0))),
        (5, Gen.Select(Gen.Int[0, 11], Gen.Bool, Gen.Int[0, 7], Gen.Int[0, 5]).Select((t, ans, o, late) => (Step)new OfferEnds(t, ans, o, late == 0))),
        (1, Gen.Select(Gen.Int[0, 11], Gen.Int[0, Reported.Length - 1]).Select((t, s) => (Step)new Refuses(t, s))));

    /// <summary>What the world outside the distributor knows, kept independently of its internals.</summary>
    private sealed class Model
    {
        public readonly Dictionary<string, Ticket> Waiting = new();
        public readonly Dictionary<string, bool> NeedsFinnish = new();
        public readonly HashSet<string> Gone = new();
        public readonly Dictionary<string, string> Offers = new();   // ticket → agent
        public readonly Dictionary<string, AgentPresence> Reports = new();
        // An agent is free when its last report says Ready with a device and nothing since took it (an offer, an answer, a failure).
        public readonly Dictionary<string, bool> Free = new();

        public bool CanTake(string agent, Ticket ticket) =>
            Free.GetValueOrDefault(agent) && !Offers.ContainsValue(agent)
            && Reports[agent].Queues.Contains(ticket.Queue)
            && (!NeedsFinnish[ticket.Id] || Reports[agent].Skills.GetValueOrDefault("finnish") >= 1);
    }

    [Fact]
    public void Random_event_sequences_keep_the_offer_invariants() =>
        Steps.Array[1, 80].Sample(Run, iter: 1500, print: steps => string.Join(Environment.NewLine, steps.Select(s => s.ToString())));

    private static void Run(Step[] steps)
    {
        var d = new Distributor();
        var m = new Model();
        var clock = 0;
        foreach (var step in steps)
        {
            clock++;
            Apply(d, m, step, clock);
            Drain(d, m);
            Check(d, m);
        }
    }

    private static void Apply(Distributor d, Model m, Step step, int clock)
    {
        switch (step)
        {
            case Arrives a:
            {
                var id = $"t{a.Ticket}";
                if (m.Gone.Contains(id) || m.Waiting.ContainsKey(id) || m.Offers.ContainsKey(id)) return;
                var ticket = new Ticket(id, QueueNames[a.Queue], a.Priority, T0.AddSeconds(clock), "+358401234567");
                m.Waiting[id] = ticket;
                m.NeedsFinnish[id] = a.NeedsFinnish;
                d.TicketWaiting(ticket, a.NeedsFinnish ? new HashSet<string> { "finnish" } : new HashSet<string>());
                break;
            }
            case Leaves l:
            {
                var id = $"t{l.Ticket}";
                var ended = d.TicketGone(id);
                Assert.Equal(m.Offers.GetValueOrDefault(id), ended?.Agent.AgentId);
                if (m.Offers.Remove(id, out var agent)) m.Free[agent] = IsFreeReport(m.Reports[agent]);
                m.Waiting.Remove(id);
                if (m.NeedsFinnish.ContainsKey(id)) m.Gone.Add(id);
                break;
            }
            case AgentReports r:
            {
                var presence = Presence(r.Agent, Reported[r.Status], clock, r.Device);
                m.Reports[presence.AgentId] = presence;
                m.Free[presence.AgentId] = IsFreeReport(presence);
                var ended = d.AgentChanged(presence);
                var offered = m.Offers.FirstOrDefault(o => o.Value == presence.AgentId).Key;
                var mustEnd = offered is not null && presence.Status is not (AgentStatus.Ready or AgentStatus.Connecting or AgentStatus.Connected);
                Assert.Equal(mustEnd ? offered : null, ended?.Ticket.Id);
                if (mustEnd) Requeue(m, offered!);
                break;
            }
            case OfferEnds e:
            {
                var id = $"t{e.Ticket}";
                var current = m.Offers.GetValueOrDefault(id);
                var agent = e.Late || current is null ? $"a{e.OtherAgent}" : current;
                if (!m.Reports.ContainsKey(agent)) return;
                if (e.Answered)
                {
                    var ended = d.OfferAnswered(id, agent);
                    Assert.Equal(current is not null && current != agent ? current : null, ended?.Agent.AgentId);
                    if (current is not null) { m.Offers.Remove(id); if (current != agent) m.Free[current] = IsFreeReport(m.Reports[current]); }
                    m.Waiting.Remove(id);
                    if (!m.Offers.ContainsValue(agent)) m.Free[agent] = false;
                    if (m.NeedsFinnish.ContainsKey(id)) m.Gone.Add(id);
                }
                else
                {
                    var applied = d.OfferFailed(id, agent);
                    Assert.Equal(current == agent, applied);
                    if (applied) { Requeue(m, id); m.Free[agent] = false; }
                }
                break;
            }
            case Refuses r:
            {
                var id = $"t{r.Ticket}";
                if (m.Offers.GetValueOrDefault(id) is not { } agent) return;
                Assert.True(d.OfferRefused(id, agent, Reported[r.Status]));
                Requeue(m, id);
                // The refusal carries the agent's state, which counts over a Ready report that crossed the offer.
                if (m.Reports[agent].Status == AgentStatus.Ready) m.Free[agent] = Reported[r.Status] == AgentStatus.Ready && m.Reports[agent].Device is not null;
                break;
            }
        }
    }

    private static void Requeue(Model m, string ticket)
    {
        m.Offers.Remove(ticket);
        m.Waiting[ticket] = m.Waiting.GetValueOrDefault(ticket) ?? Original[ticket];
    }

    // The tickets as first made, to put back after an offer ends (the model forgets a ticket while it is offered).
    [ThreadStatic] private static Dictionary<string, Ticket>? _original;
    private static Dictionary<string, Ticket> Original => _original ??= new();

    private static bool IsFreeReport(AgentPresence p) => p is { Status: AgentStatus.Ready, Device: not null };

    private static void Drain(Distributor d, Model m)
    {
        while (d.NextAssignment() is { } offer)
        {
            var ticket = offer.Ticket;
            var agent = offer.Agent.AgentId;
            Assert.False(m.Gone.Contains(ticket.Id), $"{ticket.Id} left but was offered to {agent}");
            Assert.False(m.Offers.ContainsKey(ticket.Id), $"{ticket.Id} offered to {agent} while offered to {m.Offers.GetValueOrDefault(ticket.Id)}");
            Assert.False(m.Offers.ContainsValue(agent), $"{agent} got {ticket.Id} while it had an offer");
            Assert.True(m.Waiting.ContainsKey(ticket.Id), $"{ticket.Id} was offered but was not waiting");
            Assert.True(m.CanTake(agent, ticket), $"{agent} cannot take {ticket.Id} ({m.Reports[agent]})");
            m.Waiting.Remove(ticket.Id);
            Original[ticket.Id] = ticket;
            m.Offers[ticket.Id] = agent;
            m.Free[agent] = false;
        }
    }

    private static void Check(Distributor d, Model m)
    {
        Assert.Equal(m.Offers.OrderBy(o => o.Key), d.Offers.Select(o => KeyValuePair.Create(o.Ticket.Id, o.Agent.AgentId)).OrderBy(o => o.Key));
        Assert.Equal(m.Waiting.Keys.Order(), d.Waiting.Select(t => t.Id).Order());
        Assert.Equal(d.Waiting.Order(TicketOrder.Instance), d.Waiting);
        foreach (var (agent, report) in m.Reports.Where(r => r.Value.Status == AgentStatus.LoggedOut))
            Assert.DoesNotContain(agent, m.Offers.Values);
        // Nothing that could be offered is left waiting.
        foreach (var ticket in m.Waiting.Values)
            foreach (var agent in m.Reports.Keys)
                Assert.False(m.CanTake(agent, ticket), $"{ticket.Id} waits while {agent} could take it");
    }
}

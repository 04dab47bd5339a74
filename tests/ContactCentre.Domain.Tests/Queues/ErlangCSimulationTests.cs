using ContactCentre.Domain.Agents;
using ContactCentre.Domain.Queues;
using ContactCentre.Domain.Routing;
using Xunit.Abstractions;

namespace ContactCentre.Domain.Tests.Queues;

/// <summary>
/// Queueing theory as an oracle: Poisson arrivals, exponential handle times and N agents, run in virtual time
/// through the real <see cref="Distributor"/> and <see cref="QueueState"/>, must show the probability of waiting,
/// average speed of answer and service level that Erlang C predicts.
/// </summary>
/// <remarks>
/// Each load point simulates 2,000 warm-up calls and then 50,000 measured calls with a fixed seed. Consecutive callers'
/// waits are correlated, so the standard error (SE) of each simulated figure is estimated by batch means (50 batches of
/// 1,000 calls). Tolerance: the simulated P(wait), ASA and service level are each within 4 SE of Erlang C (at least
/// 0.005 for the two fractions, 2 % for ASA), and the SE itself must be small (below 0.025 for the fractions, 20 % of
/// ASA) so that the check means something. With a wrong rule (calls left unrouted, agents not freed, last-in
/// first-out, which keeps ASA but changes the service level) the figures move by many SE.
/// Measured here at 50,000 calls: SE 0.004 for one agent, 0.013 at 12 agents and 83 %, 0.02 at 55 agents and 87 %
/// (heavy-traffic queues forget their past slowly).
/// </remarks>
[Trait("Category", "Integration")]
public sealed class ErlangCSimulationTests(ITestOutputHelper output)
{
    private const int WarmUp = 2_000;
    private const int Measured = 50_000;
    private const int Batches = 50;
    private static readonly DateTimeOffset T0 = new(2026, 11, 27, 0, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Threshold = TimeSpan.FromSeconds(20);

    [Theory]
    [InlineData(1, 0.5, 180, 11)]    // one agent half busy
    [InlineData(5, 3.0, 180, 12)]    // 60 % occupancy
    [InlineData(12, 10.0, 180, 13)]  // 83 %
    [InlineData(55, 48.0, 240, 14)]  // the worked example of 360 calls per half hour, 87 %
    public void Simulated_waits_match_erlang_c(int agents, double traffic, int handleSeconds, int seed)
    {
        var handle = TimeSpan.FromSeconds(handleSeconds);
        var result = Simulation.Run(agents, traffic, handleSeconds, seed);

        var pWait = ErlangC.ProbabilityOfWaiting(agents, traffic);
        var asa = ErlangC.AverageSpeedOfAnswer(agents, traffic, handle).TotalSeconds;
        var sl = ErlangC.ServiceLevel(agents, traffic, handle, Threshold);
        output.WriteLine($"N={agents} A={traffic} h={handleSeconds}s: {Measured} calls simulated in {result.Elapsed.TotalMilliseconds:0} ms");
        output.WriteLine($"P(wait) sim {result.PWait:0.0000} ± {result.PWaitError:0.0000}  Erlang C {pWait:0.0000}");
        output.WriteLine($"ASA     sim {result.Asa:0.00} s ± {result.AsaError:0.00}  Erlang C {asa:0.00} s");
        output.WriteLine($"SL(20s) sim {result.ServiceLevel:0.0000} ± {result.ServiceLevelError:0.0000}  Erlang C {sl:0.0000}");
        output.WriteLine($"EWT mean absolute error at entry: average method {result.AverageMethodError:0.0} s, Erlang C method {result.ErlangMethodError:0.0} s; " +
            $"mean Erlang C estimate {result.MeanErlangEstimate:0.00} s");

        Within(result.PWait, result.PWaitError, pWait, floor: 0.005, largestError: 0.025, "P(wait)");
        Within(result.ServiceLevel, result.ServiceLevelError, sl, floor: 0.005, largestError: 0.025, "service level");
        Within(result.Asa, result.AsaError, asa, floor: 0.02 * asa, largestError: 0.2 * asa, "ASA");
        // The designed EWT: on average close to the waits callers then had (its small upward bias: long recent handle
        // times come with long queues), and it misses each caller's wait by less than the product's method.
        Assert.InRange(result.MeanErlangEstimate, result.Asa * 0.85, result.Asa * 1.15);
        Assert.True(result.ErlangMethodError < result.AverageMethodError,
            $"the Erlang C EWT missed by {result.ErlangMethodError:0.0} s, the average method by {result.AverageMethodError:0.0} s");
    }

    private static void Within(double simulated, double error, double expected, double floor, double largestError, string what)
    {
        Assert.True(error < largestError, $"{what}: the simulation's standard error {error:0.0000} is too large to check anything");
        var tolerance = Math.Max(floor, 4 * error);
        Assert.True(Math.Abs(simulated - expected) <= tolerance,
            $"{what}: simulated {simulated:0.0000}, Erlang C {expected:0.0000}, tolerance {tolerance:0.0000} (4 × SE {error:0.0000})");
    }

    private sealed record Result(double PWait, double PWaitError, double Asa, double AsaError, double ServiceLevel, double ServiceLevelError,
        double AverageMethodError, double ErlangMethodError, double MeanErlangEstimate, TimeSpan Elapsed);

    /// <summary>One queue's day in virtual time: an event list of arrivals and call ends, clock in seconds.</summary>
    private sealed class Simulation
    {
        private readonly Distributor _distributor = new();
        private readonly PriorityQueue<(string Agent, string Ticket, TimeSpan Handle), double> _callEnds = new();
        private readonly Random _random;
        private readonly double _handleSeconds;
        private readonly int _agents;
        private readonly Dictionary<string, DateTimeOffset> _entered = new(StringComparer.Ordinal);
        private readonly double[] _waits;
        private readonly double[] _averageEstimates;
        private readonly double[] _erlangEstimates;
        private QueueState _queue = QueueState.Empty("q", new QueueSettings { ServiceLevelThreshold = Threshold });
        private int _ready;

        private Simulation(int agents, double handleSeconds, int seed)
        {
            _agents = agents;
            _handleSeconds = handleSeconds;
            _random = new Random(seed);
            _waits = new double[WarmUp + Measured];
            _averageEstimates = new double[WarmUp + Measured];
            _erlangEstimates = new double[WarmUp + Measured];
            _ready = agents;
            for (var i = 0; i < agents; i++)
                _distributor.AgentChanged(new AgentPresence($"agent{i}", new HashSet<string> { "q" }, AgentStatus.Ready, T0, new AgentDevice($"sip:agent{i}@sim")));
        }

        public static Result Run(int agents, double traffic, double handleSeconds, int seed)
        {
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            var sim = new Simulation(agents, handleSeconds, seed);
            var meanGap = handleSeconds / traffic;
            var nextArrival = sim.Exponential(meanGap);
            var arrived = 0;
            while (arrived < WarmUp + Measured || sim._callEnds.Count > 0 || sim._distributor.Waiting.Count > 0)
            {
                var nextEnd = sim._callEnds.TryPeek(out _, out var endAt) ? endAt : double.MaxValue;
                if (arrived < WarmUp + Measured && nextArrival <= nextEnd)
                {
                    sim.Arrive(arrived++, nextArrival);
                    nextArrival += sim.Exponential(meanGap);
                }
                else
                {
                    sim.EndCall(nextEnd);
                }
            }
            return sim.Summarise(System.Diagnostics.Stopwatch.GetElapsedTime(started));
        }

        private double Exponential(double mean) => -Math.Log(1 - _random.NextDouble()) * mean;

        private static DateTimeOffset At(double seconds) => T0 + TimeSpan.FromSeconds(seconds);

        private AgentCount Agents => new(_agents, _ready);

        private void Arrive(int index, double now)
        {
            var ticket = new Ticket($"c{index}", "q", 0, At(now), "+358401111111");
            _averageEstimates[index] = WaitEstimator.ForNewTicket(_queue, new QueueSettings { EwtMethod = EwtMethod.Average }, Agents).Ewt.TotalSeconds;
            var erlang = WaitEstimator.ForNewTicket(_queue, new QueueSettings { EwtMethod = EwtMethod.ErlangC }, Agents);
            _erlangEstimates[index] = erlang.Method == EwtMethod.ErlangC ? erlang.Ewt.TotalSeconds : double.NaN;
            _entered[ticket.Id] = ticket.EnteredAt;
            _queue = _queue.Apply(new TicketQueued(ticket));
            _distributor.TicketWaiting(ticket);
            Distribute(now);
        }

        private void EndCall(double now)
        {
            var (agent, ticket, handle) = _callEnds.Dequeue();
            _queue = _queue.Apply(new TicketHandled(ticket, handle, At(now)));
            var presence = _distributor.Agent(agent)!;
            _distributor.AgentChanged(presence with { Status = AgentStatus.Ready, Since = At(now) });
            _ready++;
            Distribute(now);
        }

        /// <summary>Every offer the distributor makes is answered at once: the wait is routing's alone.</summary>
        private void Distribute(double now)
        {
            // With every agent busy no offer can be made: skip the distributor's scan of the waiting tickets.
            while (_ready > 0 && _distributor.NextAssignment() is { } offer)
            {
                var id = offer.Ticket.Id;
                _distributor.OfferAnswered(id);
                _distributor.AgentChanged(offer.Agent with { Status = AgentStatus.Connected, Since = At(now) });
                _ready--;
                _queue = _queue.Apply(new TicketClosed(id, TicketOutcome.Answered, At(now), $"answered by {offer.Agent.AgentId}"));
                _waits[int.Parse(id.AsSpan(1), System.Globalization.CultureInfo.InvariantCulture)] = (At(now) - _entered[id]).TotalSeconds;
                _entered.Remove(id);
                var handle = TimeSpan.FromSeconds(Exponential(_handleSeconds));
                _callEnds.Enqueue((offer.Agent.AgentId, id, handle), now + handle.TotalSeconds);
            }
        }

        private Result Summarise(TimeSpan elapsed)
        {
            var waits = _waits.Skip(WarmUp).ToArray();
            var (pWait, pWaitError) = MeanAndError(waits.Select(w => w > 0 ? 1.0 : 0.0));
            var (asa, asaError) = MeanAndError(waits);
            var (sl, slError) = MeanAndError(waits.Select(w => w <= Threshold.TotalSeconds ? 1.0 : 0.0));
            var measured = Enumerable.Range(WarmUp, Measured).Where(i => !double.IsNaN(_erlangEstimates[i])).ToList();
            return new Result(pWait, pWaitError, asa, asaError, sl, slError,
                measured.Average(i => Math.Abs(_averageEstimates[i] - _waits[i])),
                measured.Average(i => Math.Abs(_erlangEstimates[i] - _waits[i])),
                measured.Average(i => _erlangEstimates[i]), elapsed);
        }

        /// <summary>Mean and its standard error by batch means (consecutive callers' waits are correlated).</summary>
        private static (double Mean, double Error) MeanAndError(IEnumerable<double> values)
        {
            var all = values.ToArray();
            var size = all.Length / Batches;
            var means = Enumerable.Range(0, Batches).Select(b => all.Skip(b * size).Take(size).Average()).ToArray();
            var mean = means.Average();
            var variance = means.Sum(m => (m - mean) * (m - mean)) / (Batches - 1);
            return (mean, Math.Sqrt(variance / Batches));
        }
    }
}

using Akka.Actor;
using Akka.Event;
using Akka.Persistence;
using ContactCentre.Actors.Routing;
using ContactCentre.Domain.Queues;

namespace ContactCentre.Actors.Queues;

/// <summary>
/// A queue: persists its tickets so that they survive a crash, tells the router which wait, applies its limits
/// (<see cref="QueueRules"/>: a refused or timed-out call gets <see cref="QueueExitTaken"/>), keeps statistics and wait
/// estimates, and sends waiting calls <see cref="AnnounceWait"/> as its <see cref="AnnouncementPolicy"/> says.
/// Answers <see cref="GetWaiting"/> with its <see cref="QueueState"/>, <see cref="GetQueueOverview"/> with a
/// <see cref="QueueOverview"/> and <see cref="GetWaitEstimate"/> with a <see cref="TicketWaitEstimate"/>.
/// </summary>
public sealed class QueueActor : ReceivePersistentActor, IWithTimers
{
    private sealed record CheckWaits;

    private readonly IActorRef _router;
    private readonly TimeProvider _time;
    private readonly QueueSettings _settings;
    private readonly AnnouncementPolicy? _announcements;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    // Not persisted: after a restart the calls behind waiting tickets are gone and their tickets closed as lost.
    private readonly Dictionary<string, IActorRef> _calls = new(StringComparer.Ordinal);
    private readonly Dictionary<string, AnnouncementState> _announced = new(StringComparer.Ordinal);
    private QueueState _state;
    private AgentCount? _agents;

    public QueueActor(string name, IActorRef router, TimeProvider time) : this(name, router, time, QueueSettings.Default)
    {
    }

    public QueueActor(string name, IActorRef router, TimeProvider time, QueueSettings settings)
    {
        _router = router;
        _time = time;
        _settings = settings;
        _announcements = AnnouncementPolicy.For(settings);
        _state = QueueState.Empty(name, settings);
        PersistenceId = $"queue-{name}";

        Recover<QueueEvent>(e => _state = _state.Apply(e));
        Recover<RecoveryCompleted>(_ =>
        {
            var lost = _state.CloseLostAfterRestart(Now);
            if (lost.Count == 0) return;
            _log.Warning("Queue {0}: closing {1} tickets of calls lost in a restart", name, lost.Count);
            PersistAll(lost, e => _state = _state.Apply(e));
        });

        Command<Enqueue>(OnEnqueue);
        Command<CloseTicket>(m =>
        {
            if (_state.PositionOf(m.TicketId) is null) return;
            Persist(new TicketClosed(m.TicketId, m.Outcome, Now, m.Reason), e =>
            {
                Forget(e);
                _router.Tell(new TicketGone(m.TicketId));
                Changed();
            });
        });
        Command<CallHandled>(m => Persist(new TicketHandled(m.TicketId, m.HandleTime, Now), e =>
        {
            _state = _state.Apply(e);
            Changed();
        }));
        Command<QueueAgentsChanged>(m =>
        {
            _agents = new AgentCount(m.LoggedIn, m.Ready);
            Changed();
        });
        Command<CheckWaits>(_ => Changed());
        Command<GetWaiting>(_ => Sender.Tell(_state));
        Command<GetQueueOverview>(_ => Sender.Tell(QueueOverview.Of(_state, _settings, _agents, Now)));
        Command<GetWaitEstimate>(m => Sender.Tell(new TicketWaitEstimate(m.TicketId, WaitEstimator.For(m.TicketId, _state, _settings, _agents, Now))));
    }

    public override string PersistenceId { get; }

    public ITimerScheduler Timers { get; set; } = null!;

    private DateTimeOffset Now => _time.GetUtcNow();

    private void OnEnqueue(Enqueue m)
    {
        if (_state.PositionOf(m.Ticket.Id) is not null)
        {
            // The same ticket again (a re-sent Enqueue): it keeps its place.
            _calls[m.Ticket.Id] = m.Call;
            return;
        }
        if (QueueRules.Admit(_state, _settings, _agents, m.Ticket, Now) is { } refused)
        {
            Persist(refused, e =>
            {
                _state = _state.Apply(e);
                _log.Info("Queue {0}: refused ticket {1}: {2}", _state.Name, e.TicketId, e.Reason);
                m.Call.Tell(new QueueExitTaken(e.TicketId, e.Exit, e.Reason));
            });
            return;
        }
        Persist(new TicketQueued(m.Ticket), e =>
        {
            _state = _state.Apply(e);
            _calls[m.Ticket.Id] = m.Call;
            // The variables are not persisted: a restart closes the tickets of calls it lost anyway.
            _router.Tell(new TicketWaiting(m.Ticket, m.Call) { Variables = m.Variables, Skills = m.Skills });
            Changed();
        });
    }

    /// <summary>After anything that moves estimates or limits: send out tickets whose time is up, announce, re-arm the timer.</summary>
    private void Changed()
    {
        var due = QueueRules.Due(_state, _settings, _agents, Now);
        if (due.Count > 0)
        {
            var closes = due.Select(d => new TicketClosed(d.Ticket.Id, d.Outcome, Now, d.Reason)).ToList();
            var exits = due.ToDictionary(d => d.Ticket.Id);
            // Apply at once so that a message handled before the persist completes does not see the tickets waiting.
            foreach (var e in closes) _state = _state.Apply(e);
            var calls = closes.ToDictionary(e => e.TicketId, e => _calls.GetValueOrDefault(e.TicketId));
            foreach (var e in closes) Forget(e, apply: false);
            PersistAll(closes, e =>
            {
                var exit = exits[e.TicketId];
                _log.Info("Queue {0}: ticket {1} takes the {2} exit: {3}", _state.Name, e.TicketId, exit.Exit, exit.Reason);
                _router.Tell(new TicketGone(e.TicketId));
                calls[e.TicketId]?.Tell(new QueueExitTaken(e.TicketId, exit.Exit, exit.Reason));
            });
        }
        Announce();
        ArmTimer();
    }

    private void Forget(TicketClosed e, bool apply = true)
    {
        if (apply) _state = _state.Apply(e);
        _calls.Remove(e.TicketId);
        _announced.Remove(e.TicketId);
    }

    private void Announce()
    {
        if (_announcements is null) return;
        var now = Now;
        foreach (var estimate in WaitEstimator.ForWaiting(_state, _settings, _agents, now))
        {
            var before = _announced.GetValueOrDefault(estimate.TicketId) ?? AnnouncementState.None;
            if (_announcements.Next(before, estimate, now) is not { } announcement || !_calls.TryGetValue(estimate.TicketId, out var call))
                continue;
            _announced[estimate.TicketId] = before.Announced(announcement, now);
            call.Tell(new AnnounceWait(estimate.TicketId, announcement.Position, announcement.EwtMinutes));
        }
    }

    /// <summary>Wakes at the next maximum wait, or when the next announcement may be due (at least every interval while tickets wait).</summary>
    private void ArmTimer()
    {
        var now = Now;
        var wakes = new List<DateTimeOffset>();
        if (QueueRules.NextMaxWaitAt(_state, _settings) is { } maxWait) wakes.Add(maxWait);
        if (_settings.AnnouncementInterval is { } interval && _state.Waiting.Count > 0)
        {
            wakes.Add(now + interval);
            wakes.AddRange(_announced.Values.Select(a => a.LastAt!.Value + interval).Where(at => at > now));
        }
        if (wakes.Count == 0)
        {
            Timers.Cancel("check");
            return;
        }
        var wait = wakes.Min() - now;
        if (wait > TimeSpan.Zero)
            Timers.StartSingleTimer("check", new CheckWaits(), wait);
        else
            Self.Tell(new CheckWaits());
    }
}

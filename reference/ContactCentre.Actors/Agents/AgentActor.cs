using System.Collections.Frozen;
using Akka.Actor;
using Akka.Event;
using Akka.Persistence;
using ContactCentre.Actors.Routing;
using ContactCentre.Domain.Agents;
using ContactCentre.Domain.Configuration;

namespace ContactCentre.Actors.Agents;

/// <summary>
/// An agent: runs the <see cref="AgentState"/> rules, persists every state change, reports presence to the router,
/// notifies desktop sessions, and runs the wrap-up timer. A Ready agent that takes an offer asks the call to ring
/// its device. After a restart the agent is as <see cref="AgentState.AfterRestart"/> says.
/// </summary>
public sealed class AgentActor : ReceivePersistentActor, IWithTimers
{
    private sealed record WrapUpTimeOver;

    private readonly AgentDefinition _definition;
    private readonly IActorRef _router;
    private readonly TimeProvider _time;
    private readonly AgentRules _rules;
    private readonly int _snapshotEvery;
    private readonly HashSet<IActorRef> _subscribers = [];
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private AgentState _state;
    // The queue set reported to the router: one immutable instance per login, so the router's distributor can
    // reuse what it derived from it at once (the same object; an equal copy is compared by content).
    private IReadOnlyList<string>? _reportedQueuesOf;
    private IReadOnlySet<string> _reportedQueues = FrozenSet<string>.Empty;

    public AgentActor(AgentDefinition definition, IActorRef router, TimeProvider time)
        : this(definition, router, time, AgentRules.Default)
    {
    }

    /// <param name="snapshotEvery">
    /// Save a snapshot of the state after this many events, so that recovery reads the latest snapshot and the events
    /// after it, not the whole journal. The events are kept (they are the agent's statistics).
    /// </param>
    public AgentActor(AgentDefinition definition, IActorRef router, TimeProvider time, AgentRules rules, int snapshotEvery = 200)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(snapshotEvery, 1);
        _definition = definition;
        _router = router;
        _time = time;
        _rules = rules;
        _snapshotEvery = snapshotEvery;
        _state = AgentState.LoggedOutAgent(definition.Id, definition.Queues, time.GetUtcNow());
        PersistenceId = $"agent-{definition.Id}";

        // The queues the agent serves come from the configuration, which may have changed since the snapshot.
        Recover<SnapshotOffer>(o =>
        {
            if (o.Snapshot is AgentState saved && saved.AgentId == definition.Id)
                _state = saved with { ConfiguredQueues = definition.Queues };
        });
        Recover<AgentStateEvent>(e => _state = _state.Apply(e));
        // The walking skeleton's events: a login to all the agent's queues, a logout by the agent.
        Recover<AgentLoggedIn>(e => _state = _state.Apply(new LoggedIn(e.Device, definition.Queues, e.At)));
        Recover<AgentLoggedOut>(e => _state = _state.Apply(new LoggedOut(e.Reason, null, e.At)));
        Recover<RecoveryCompleted>(_ =>
        {
            var restart = _state.AfterRestart(Now);
            if (restart.Events.Count > 0) PersistDecision(restart, () => { });
            else if (_state.LoggedIn) Publish();
        });

        Command<Login>(m => Decide(_state.Login(m.Device, m.Queues, Now), replyState: true));
        Command<Logout>(m => Decide(_state.Logout(m.Reason, m.By, Now), replyState: true));
        Command<LogoutAgent>(m =>
        {
            if (!_definition.Supervisor)
            {
                Sender.Tell(new AgentCommandRefused($"logoutAgent: agent '{_definition.Id}' is not a supervisor"));
                return;
            }
            _log.Info("Supervisor {0} logs agent {1} out: {2}", _definition.Id, m.AgentId, m.Reason);
            m.Agent.Tell(new Logout(m.Reason) { By = _definition.Id }, Sender);
        });
        Command<SetReady>(_ => Decide(_state.Ready(Now), replyState: true));
        Command<Pause>(m => Decide(_state.Pause(m.Reason, _rules, Now), replyState: true));
        Command<EndWrapUp>(_ => Decide(_state.EndWrapUp(Now), replyState: true));
        Command<WrapUpTimeOver>(_ =>
        {
            // The timer runs on the scheduler, the wrap-up end on the clock: when they disagree (a clock step), the
            // timer fires early, and waits again for what is left rather than leave the agent in wrap-up for good.
            if (_state.WrapUpLeft(Now) is { } left && left > TimeSpan.Zero) ArmWrapUp(left);
            else Decide(_state.WrapUpExpired(Now));
        });
        Command<OfferStarted>(OnOffer);
        // Only the latest snapshot is needed; a failed save is retried at the next one.
        Command<SaveSnapshotSuccess>(m => DeleteSnapshots(new SnapshotSelectionCriteria(m.Metadata.SequenceNr - 1)));
        Command<SaveSnapshotFailure>(m => _log.Warning("Agent {0}: snapshot not saved: {1}", _definition.Id, m.Cause.Message));
        Command<DeleteSnapshotsSuccess>(_ => { });
        Command<DeleteSnapshotsFailure>(m => _log.Warning("Agent {0}: old snapshots not deleted: {1}", _definition.Id, m.Cause.Message));
        Command<OfferAccepted>(m => Decide(_state.Answered(m.TicketId, Now)));
        Command<OfferNotAccepted>(m =>
        {
            var outcome = m.Outcome ?? OutcomeOf(m.Reason);
            if (_state.TicketId == m.TicketId && _state.Status == AgentStatus.Connecting)
                _log.Info("Agent {0} did not take ticket {1}: {2} ({3})", _definition.Id, m.TicketId, m.Reason, outcome);
            Decide(_state.Missed(m.TicketId, outcome, m.Reason, _rules, Now));
        });
        Command<RejectOfferedTicket>(m =>
        {
            var decision = _state.Missed(m.TicketId, OfferOutcome.Rejected, "rejected by the agent", _rules, Now);
            if (decision.Events.Count == 0 && decision.Refusal is null)
            {
                Sender.Tell(new AgentCommandRefused($"reject: no offer of ticket '{m.TicketId}' is ringing agent '{_definition.Id}'"));
                return;
            }
            Decide(decision, then: () => _router.Tell(new OfferFailed(m.TicketId) { AgentId = _definition.Id }));
        });
        Command<AgentCallEnded>(m => Decide(_state.CallEnded(m.TicketId, _rules, Now)));
        Command<AgentBusy>(m =>
        {
            var call = Sender;
            var decision = _state.StartBusy(m.CallId, m.What, Now);
            if (decision.Refused) call.Tell(new AgentBusyRefused(m.CallId, Presence(), decision.Refusal!));
            else Decide(decision, then: () => call.Tell(Presence()));
        });
        Command<AgentBusyEnded>(m => Decide(_state.EndBusy(m.CallId, Now)));
        Command<Subscribe>(m =>
        {
            _subscribers.Add(m.Subscriber);
            Context.Watch(m.Subscriber);
            m.Subscriber.Tell(StateChanged());
        });
        // Block bodies: a bool-returning lambda would pick Command's "handled?" overload, and a
        // subscriber already gone would then count as unhandled (a DeathPactException on Terminated).
        Command<Unsubscribe>(m =>
        {
            _subscribers.Remove(m.Subscriber);
            Context.Unwatch(m.Subscriber);
            DesktopGone();
        });
        Command<Terminated>(m =>
        {
            _subscribers.Remove(m.ActorRef);
            DesktopGone();
        });
        Command<GetPresence>(_ => Sender.Tell(Presence()));
    }

    public override string PersistenceId { get; }

    public ITimerScheduler Timers { get; set; } = null!;

    private DateTimeOffset Now => _time.GetUtcNow();

    private void OnOffer(OfferStarted m)
    {
        var decision = _state.Offer(m.TicketId, m.Queue, Now, anyQueue: m.Direct);
        if (decision.Refused)
        {
            // A direct offer's call rings this phone already: it is the one to stop.
            var refusal = new OfferRefused(m.TicketId, Presence(), decision.Refusal!);
            if (m.Direct) m.Call?.Tell(refusal);
            else _router.Tell(refusal);
            return;
        }
        // A softphone rings in the desktop: with no desktop open the offer cannot ring, which counts as an error.
        if (_state.Device is { IsSoftphone: true } && _subscribers.Count == 0)
        {
            var failed = decision.Events.Aggregate(_state, (s, e) => s.Apply(e))
                .Missed(m.TicketId, OfferOutcome.Error, "the agent's desktop is closed", _rules, Now);
            Decide(new AgentDecision([.. decision.Events, .. failed.Events], null),
                then: () => _router.Tell(new OfferFailed(m.TicketId) { AgentId = _definition.Id }));
            return;
        }
        Decide(decision, then: () =>
        {
            Notify(new AgentOffered(_definition.Id, m.TicketId, m.Caller, m.Queue) { Variables = m.Variables });
            if (m.Ticket is not null) m.Call?.Tell(new OfferCall(m.Ticket, Presence(), Self));
        });
    }

    /// <summary>A softphone rings in the desktop: the last desktop closing while it rings fails the offer, as an error.</summary>
    private void DesktopGone()
    {
        if (_subscribers.Count > 0 || _state is not { Status: AgentStatus.Connecting, Device.IsSoftphone: true, TicketId: { } ticket }) return;
        Decide(_state.Missed(ticket, OfferOutcome.Error, "the agent's desktop closed", _rules, Now),
            then: () => _router.Tell(new OfferFailed(ticket) { AgentId = _definition.Id }));
    }

    /// <summary>Persists what the rules decided, then reports the new state; a refusal goes back to the sender.</summary>
    private void Decide(AgentDecision decision, bool replyState = false, Action? then = null)
    {
        var sender = Sender;
        if (decision.Refusal is { } refusal)
        {
            sender.Tell(new AgentCommandRefused(refusal));
            return;
        }
        if (decision.Events.Count == 0)
        {
            if (replyState) sender.Tell(StateChanged());
            then?.Invoke();
            return;
        }
        PersistDecision(decision, () =>
        {
            if (replyState) sender.Tell(StateChanged());
            then?.Invoke();
        });
    }

    private void PersistDecision(AgentDecision decision, Action after)
    {
        PersistAll(decision.Events, e =>
        {
            _state = _state.Apply(e);
            switch (e)
            {
                case WrapUpStarted or BusyEnded { Status: AgentStatus.WrapUp }:
                    ArmWrapUp(_state.WrapUpLeft(Now) ?? TimeSpan.Zero);
                    break;
                case BecameReady or LoggedOut or PauseStarted or BusyStarted or BusyEnded:
                    Timers.Cancel("wrap-up");
                    break;
            }
            if (e is LoggedOut { By: { } by } o) _log.Info("Agent {0} logged out by {1}: {2}", _definition.Id, by, o.Reason);
            if (e is PauseStarted { Automatic: true } p) _log.Info("Agent {0} paused automatically: {1}", _definition.Id, p.Reason);
        });
        DeferAsync(decision, _ =>
        {
            if (decision.Events.Count > 0 && LastSequenceNr / _snapshotEvery > (LastSequenceNr - decision.Events.Count) / _snapshotEvery)
                SaveSnapshot(SnapshotOf(_state));
            Publish();
            after();
        });
    }

    /// <summary>The state as a snapshot stores it: its lists as plain arrays, which the journal's serializer reads back.</summary>
    public static AgentState SnapshotOf(AgentState state) =>
        state with { ConfiguredQueues = state.ConfiguredQueues.ToArray(), Queues = state.Queues.ToArray() };

    private void ArmWrapUp(TimeSpan after) => Timers.StartSingleTimer("wrap-up", new WrapUpTimeOver(), after);

    private void Publish()
    {
        _router.Tell(new AgentPresenceChanged(Presence(), Self));
        Notify(StateChanged());
    }

    private void Notify(object message)
    {
        foreach (var s in _subscribers) s.Tell(message);
    }

    private AgentStateChanged StateChanged() =>
        new(_definition.Id, _state.Status, _state.Since) { PauseReason = _state.PauseReason, Queues = _state.Queues };

    private AgentPresence Presence() =>
        new(_definition.Id, ReportedQueues(), _state.Status, _state.Since, _state.Device)
        {
            Skills = _definition.Skills,
            QueuePriorities = _definition.QueuePriorities,
        };

    /// <summary>The state's queues as a set, made anew only when a login or logout changed them.</summary>
    private IReadOnlySet<string> ReportedQueues()
    {
        if (!ReferenceEquals(_reportedQueuesOf, _state.Queues))
        {
            _reportedQueues = _state.Queues.ToFrozenSet(StringComparer.Ordinal);
            _reportedQueuesOf = _state.Queues;
        }
        return _reportedQueues;
    }

    /// <summary>Reads whose doing an unanswered offer was from the call's reason (a SIP status or the dialer's words).</summary>
    public static OfferOutcome OutcomeOf(string reason) =>
        reason == "caller hung up" ? OfferOutcome.Withdrawn
        : reason.StartsWith("no answer", StringComparison.OrdinalIgnoreCase) || reason == "cancelled"
          || reason.StartsWith("408", StringComparison.Ordinal) || reason.StartsWith("480", StringComparison.Ordinal)
          || reason.StartsWith("487", StringComparison.Ordinal) ? OfferOutcome.NoAnswer
        : reason.StartsWith("486", StringComparison.Ordinal) || reason.StartsWith("603", StringComparison.Ordinal)
          || reason.StartsWith("rejected", StringComparison.OrdinalIgnoreCase) ? OfferOutcome.Rejected
        : OfferOutcome.Error;
}

using System.Collections.Immutable;
using Akka.Actor;
using Akka.Event;
using ContactCentre.Actors.Agents;
using ContactCentre.Actors.Ports;
using ContactCentre.Actors.Queues;
using ContactCentre.Actors.Routing;
using ContactCentre.Domain.Agents;
using ContactCentre.Domain.Flows;
using ContactCentre.Domain.History;
using ContactCentre.Domain.Queues;
using NodaTime;

namespace ContactCentre.Actors.Calls;

/// <summary>
/// One inbound call: runs the caller through the flow, waits in a queue, rings the agent the router
/// chose, bridges the two legs, and writes the call history when it ends. Lives as long as the call.
/// </summary>
public sealed partial class CallActor : ReceiveActor, IWithTimers
{
    /// <param name="Dial">Which ringing this ends (<see cref="_dialSeq"/>): one the router withdrew is over already.</param>
    private sealed record DialCompleted(DialResult Result, string TicketId, int Dial);
    private sealed record MenuTimedOut(int PlayId);
    private sealed record TransferCompleted(DialResult Result, string Number);

    private readonly ICallLeg _caller;
    private readonly FlowInterpreter _flow;
    private readonly CallInfo _info;
    private readonly IReadOnlyDictionary<string, IActorRef> _queues;
    private readonly IActorRef _router;
    private readonly IAgentDialer _dialer;
    private readonly ITrunkDialer? _trunks;
    private readonly ICallHistory _history;
    private readonly TimeProvider _time;
    private readonly ILoggingAdapter _log = Context.GetLogger();

    private FlowPosition _position = new("", "", 0, 0);
    private int _playId;
    private bool _awaitingDigit;
    private bool _bargeIn = true;
    private bool _playing;
    private TimeSpan _digitTimeout;
    private Ticket? _ticket;
    private DateTimeOffset? _answeredAt;
    private string? _agentId;
    private IActorRef? _agentActor;
    private ICallLeg? _agentLeg;
    private IDisposable? _bridge;
    private CancellationTokenSource? _dialing;
    private ICallLeg? _farEnd;
    private string? _transferredTo;
    private bool _ended;
    // Set when the actor has stopped: a dial that answers after that is hung up (DialPipe), as nobody would take it.
    private volatile bool _stopped;
    /// <summary>Why this actor failed (its exception's message), for the call's end in <see cref="PostStop"/>.</summary>
    private string? _failure;
    private int _dialSeq;
    private readonly HashSet<(string TicketId, string AgentId)> _withdrawnBeforeRinging = [];
    /// <summary>Router offers this call rang and saw end unanswered: the router's withdrawal of one is no news.</summary>
    private readonly HashSet<(string TicketId, string AgentId)> _offersEnded = [];
    private string? _queueExit;
    /// <summary>The queue ticket an agent answered through the router, until its handle time is reported.</summary>
    private (string Queue, string TicketId)? _handling;

    /// <param name="agents">The agent actors, for transfers and consultations to an agent.</param>
    /// <param name="agentCalls">Where the agents' call control comes from and the call's updates go (<see cref="AgentCallsActor"/>).</param>
    public CallActor(ICallLeg caller, FlowInterpreter flow, CallInfo info, IReadOnlyDictionary<string, IActorRef> queues, IActorRef router,
        IAgentDialer dialer, ICallHistory history, TimeProvider time, ITrunkDialer? trunks = null,
        IReadOnlyDictionary<string, IActorRef>? agents = null, IActorRef? agentCalls = null)
    {
        _agents = agents ?? new Dictionary<string, IActorRef>();
        _agentCalls = agentCalls ?? ActorRefs.Nobody;
        _trunks = trunks;
        _caller = caller;
        _flow = flow;
        _info = info;
        _queues = queues;
        _router = router;
        _dialer = dialer;
        _history = history;
        _time = time;
        InFlow();
    }

    public ITimerScheduler Timers { get; set; } = null!;

    protected override void PreStart()
    {
        _caller.Attach(Self);
        Do(_flow.Start(Now));
    }

    /// <summary>
    /// A call's state lives only in this actor: a restart would forget the caller's ticket and agent and run the flow
    /// again on a leg already hung up. Whoever supervises it, a failure ends the call: the failed instance releases
    /// everything here (through <see cref="PostStop"/>), and the fresh instance stops at once.
    /// </summary>
    protected override void PreRestart(Exception reason, object message)
    {
        _failure = reason.GetBaseException().Message;
        _log.Error(reason, "Call {0} failed handling {1}; ending it", _info.CallId, message?.GetType().Name ?? "(none)");
        base.PreRestart(reason, message);
    }

    protected override void PostRestart(Exception reason)
    {
        // Not PreStart: the flow must not start again. This instance has nothing to release.
        _ended = true;
        Context.Stop(Self);
    }

    /// <summary>
    /// A call actor stopped before its call ended (it failed, or the host shut down) ends the call all the same: the legs
    /// are hung up, a waiting ticket is closed as lost with the reason, and an agent it rang or connected is released.
    /// </summary>
    protected override void PostStop()
    {
        _stopped = true;
        if (_ended) return;
        End(_failure is null ? "the call was stopped" : $"the call failed: {_failure}", stopping: true);
    }

    private void InFlow()
    {
        Receive<PromptsFinished>(m => m.PlayId == _playId, _ =>
        {
            _playing = false;
            if (_awaitingDigit) Timers.StartSingleTimer("menu", new MenuTimedOut(_playId), _digitTimeout);
            else Do(_flow.PromptsFinished(_position, Now));
        });
        // Without barge-in a digit pressed during the prompts is ignored.
        Receive<DigitReceived>(m => m.LegId == _caller.Id && _awaitingDigit && (_bargeIn || !_playing), m =>
        {
            Timers.Cancel("menu");
            _caller.StopPlayback();
            _playing = false;
            Do(_flow.Digit(_position, m.Digit, Now));
        });
        Receive<MenuTimedOut>(m => m.PlayId == _playId, _ => Do(_flow.DigitTimeout(_position, Now)));
        CommonEnd();
    }

    private void Queued()
    {
        Receive<OfferCall>(m =>
        {
            // The router's withdrawal overtook this agent's OfferCall: that offer is over before it rang.
            if (_withdrawnBeforeRinging.Remove((m.Ticket.Id, m.Agent.AgentId))) return;
            Offer(m.Agent.AgentId, m.AgentActor, m.Agent.Device!, m.Ticket.Id, m.Ticket.Queue,
                _time.GetUtcNow() - m.Ticket.EnteredAt, viaRouter: true);
        });
        Receive<DialCompleted>(m => OnDialCompleted(m));
        Receive<WithdrawOffer>(OnWithdrawOffer);
        Receive<OfferRefused>(OnDirectOfferRefused);
        Receive<QueueExitTaken>(m => m.TicketId == _ticket?.Id && !_ticketClosed, OnQueueExit);
        QueuedAnnouncements();
        OfferControl();
        CommonEnd();
    }

    private void OnDialCompleted(DialCompleted m)
    {
        if (_ended || m.Dial != _dialSeq || _dialing is null)
        {
            // The caller left while the agent's phone rang, or the router withdrew that offer (it timed out, the agent
            // logged out): the router and the agent know, and an agent leg that answered late is hung up at once.
            _ = m.Result.Leg?.HangUpAsync();
            return;
        }
        _dialing = null;
        if (!m.Result.Answered)
        {
            var reason = _rejected ? "rejected at the desktop" : m.Result.Reason;
            var agentId = _agentId;
            _log.Info("Call {0}: agent {1} did not answer ({2})", _info.CallId, _agentId, reason);
            _agentActor?.Tell(new OfferNotAccepted(m.TicketId, reason) { Outcome = _rejected ? OfferOutcome.Rejected : null });
            AgentLeaves($"not answered: {reason}");
            if (_offerViaRouter)
            {
                _offersEnded.Add((m.TicketId, agentId!));
                _router.Tell(new OfferFailed(m.TicketId) { AgentId = agentId });
            }
            else DirectOfferFailed(reason);
            return;
        }

        _agentLeg = m.Result.Leg!;
        _agentLeg.Attach(Self);
        _answeredAt = _time.GetUtcNow();
        _caller.StopPlayback();
        _bridge = _caller.Bridge(_agentLeg);
        _agentActor?.Tell(new OfferAccepted(m.TicketId));
        if (_offerViaRouter)
        {
            _router.Tell(new OfferAnswered(m.TicketId) { AgentId = _agentId });
            _handling = (_ticket!.Queue, m.TicketId);
            _queues[_ticket!.Queue].Tell(new CloseTicket(m.TicketId, TicketOutcome.Answered, $"answered by {_agentId}"));
        }
        _ticketClosed = true;
        _log.Info("Call {0}: connected to agent {1}", _info.CallId, _agentId);
        Update(CallState.Connected);
        Become(Connected);
    }

    /// <summary>
    /// The router stopped this offer (no answer in time, the agent logged out or paused, another agent answered): stop
    /// ringing that agent and wait on for the next offer. A late <see cref="DialCompleted"/> of it is then stale.
    /// </summary>
    private void OnWithdrawOffer(WithdrawOffer m)
    {
        if (_dialing is null || m.AgentId != _agentId || m.TicketId != _agentTicket || !_offerViaRouter)
        {
            // Not ringing that agent: either it rang and ended already, or its OfferCall is still on the way.
            var offer = (m.TicketId, m.AgentId);
            if (m.AgentId != _agentId && !_offersEnded.Remove(offer)) _withdrawnBeforeRinging.Add(offer);
            return;
        }
        _log.Info("Call {0}: the offer to agent {1} is withdrawn ({2})", _info.CallId, m.AgentId, m.Reason);
        AgentLeaves($"not answered: {m.Reason}");
        _dialing.Cancel();
        _dialing = null;
    }

    /// <summary>
    /// The queue sent the caller on (full, maximum wait, no agents): the ticket is closed and the router knows; the flow
    /// continues at the queue module's exit, or the call is hung up when its position has none.
    /// </summary>
    private void OnQueueExit(QueueExitTaken m)
    {
        _ticketClosed = true;
        _queueExit = $"left queue '{_ticket!.Queue}': {m.Reason}";
        _log.Info("Call {0}: {1}", _info.CallId, _queueExit);
        if (_dialing is not null)
        {
            AgentLeaves(_queueExit);
            _dialing.Cancel();
            _dialing = null;
        }
        _caller.StopPlayback();
        Become(InFlow);
        var step = _flow.QueueRefused(_position, m.Exit, Now);
        if (ReferenceEquals(step.Action, FlowInterpreter.NoChange)) End(_queueExit);
        else Do(step);
    }

    private void Connected()
    {
        Receive<WithdrawOffer>(OnWithdrawConsultOffer);
        Receive<OfferRefused>(OnConsultOfferRefused);
        Receive<QueueExitTaken>(m => m.TicketId == _consultTicket && _consultTicketWaiting, OnConsultQueueExit);
        ConnectedControl();
        CommonEnd();
    }

    private void Transferring()
    {
        Receive<TransferCompleted>(m => OnTransferCompleted(m));
        CommonEnd();
    }

    private void OnTransferCompleted(TransferCompleted m)
    {
        _dialing = null;
        if (_ended)
        {
            _ = m.Result.Leg?.HangUpAsync();
            return;
        }
        var byAgent = _blindTransferTo is not null;
        _blindTransferTo = null;
        if (!m.Result.Answered)
        {
            if (byAgent)
            {
                BlindTransferFailed(m.Number, m.Result.Reason);
                return;
            }
            // A flow's transfer has no exit for failure: the caller is hung up and the log says why.
            _log.Warning("Call {0}: transfer to {1} failed ({2}); hanging up the caller", _info.CallId, m.Number, m.Result.Reason);
            End($"transfer to {m.Number} failed: {m.Result.Reason}");
            return;
        }
        // An agent still on the call leaves it now that the number answered.
        if (byAgent && _agentId is not null) ReleaseAgent($"transferred to {m.Number}");
        _farEnd = m.Result.Leg!;
        _farEnd.Attach(Self);
        _transferredTo = m.Number;
        _caller.StopPlayback();
        _bridge = _caller.Bridge(_farEnd);
        _log.Info("Call {0}: transferred to {1}", _info.CallId, m.Number);
        Become(Connected);
    }

    private void CommonEnd()
    {
        Receive<LegEnded>(m =>
        {
            if (m.LegId == _caller.Id) End("caller hung up");
            else if (m.LegId == _farEnd?.Id) End($"{_transferredTo} hung up");
            else if (m.LegId == _agentLeg?.Id) AgentLegEnded();
            else if (m.LegId == _consultLeg?.Id) ConsultLegEnded();
            // Else a leg this call already let go of (a transferring agent's): it ends without ending the call.
        });
        Receive<EndCall>(m => End(m.Reason));
        HangUpLateLegs();
        ReceiveAny(_ => { });
    }

    private void Do(FlowStep step)
    {
        _position = step.Position;
        switch (step.Action)
        {
            case PlayPrompts { Prompts.Count: 0, AwaitDigit: false }:
                break;
            case PlayPrompts p:
                _awaitingDigit = p.AwaitDigit;
                _bargeIn = p.BargeIn;
                _digitTimeout = p.DigitTimeout;
                _playId++;
                _playing = p.Prompts.Count > 0;
                if (_playing) _caller.Play(_playId, p.Prompts);
                else Timers.StartSingleTimer("menu", new MenuTimedOut(_playId), p.DigitTimeout);
                break;
            case EnterQueue q:
                _awaitingDigit = false;
                _playId++;
                PlayQueuePrompts(q.Prompts);
                _ticket = new Ticket(_info.CallId, q.Queue, q.Priority, _time.GetUtcNow(), _info.Caller);
                _skills = (q.Queue, q.Skills.ToImmutableHashSet(StringComparer.Ordinal));
                _queues[q.Queue].Tell(new Enqueue(_ticket, Self) { Variables = _position.Variables, Skills = _skills.Needed });
                Become(Queued);
                break;
            case TransferToNumber t:
                Transfer(t);
                break;
            case HangUpCall h:
                // "flow ended" is a flow's own hang-up; anything else (a step-limit loop, an unknown flow) is a fault to see.
                if (h.Reason != "flow ended") _log.Warning("Call {0}: the flow hangs up: {1}", _info.CallId, h.Reason);
                End(h.Reason);
                break;
        }
    }

    private void Transfer(TransferToNumber t)
    {
        _awaitingDigit = false;
        _playId++;
        Timers.Cancel("menu");
        if (_trunks is null)
        {
            _log.Warning("Call {0}: the flow transfers to {1}, but this contact centre dials no trunks", _info.CallId, t.Number);
            End($"transfer to {t.Number} failed: no trunk dialer");
            return;
        }
        _log.Info("Call {0}: transferring to {1} through trunk {2}", _info.CallId, t.Number, t.Trunk ?? "(default)");
        _dialing = new CancellationTokenSource();
        var number = t.Number;
        DialPipe.To(_trunks.DialAsync(number, t.Trunk, new TransferDetails(_info.CallId, _info.Caller), _dialing.Token),
            Self, () => _stopped, r => new TransferCompleted(r, number));
        if (_blindTransferTo is not null) Become(BlindTransferRinging);
        else Become(Transferring);
    }

    /// <summary>The answered queue call's handle time, for the queue's Erlang C wait estimate (once per answer).</summary>
    private void ReportHandled()
    {
        if (_handling is not { } handling || _answeredAt is not { } answeredAt) return;
        _handling = null;
        _queues[handling.Queue].Tell(new CallHandled(handling.TicketId, _time.GetUtcNow() - answeredAt));
    }

    private Instant Now => Instant.FromDateTimeOffset(_time.GetUtcNow());

    /// <param name="stopping">
    /// The actor is stopping (<see cref="PostStop"/>) without the call having ended: a waiting ticket is lost, not
    /// abandoned (the caller did not hang up), and nothing more is received, so the history is written without waiting.
    /// </param>
    private void End(string reason, bool stopping = false)
    {
        if (_ended) return;
        _ended = true;
        if (stopping) _log.Warning("Call {0} ended: {1}", _info.CallId, reason);
        else _log.Info("Call {0} ended: {1}", _info.CallId, reason);
        if (!stopping) Timers.CancelAll();
        _bridge?.Dispose();
        _ = _caller.HangUpAsync();
        if (_agentLeg is not null) _ = _agentLeg.HangUpAsync();
        if (_farEnd is not null) _ = _farEnd.HangUpAsync();
        ReleaseConsult("the call ended");

        var now = _time.GetUtcNow();
        string outcome;
        var ticketOpen = _ticket is not null && !_ticketClosed;
        if (ticketOpen) _queues[_ticket!.Queue].Tell(new CloseTicket(_ticket.Id, stopping ? TicketOutcome.Lost : TicketOutcome.Abandoned, reason));
        // Something still rang (an agent's phone, or a transfer's number): it rings no more. The agent's call control
        // stops coming here first (see AgentLeaves), as the desktop may answer the moment its softphone's ring ends.
        if (_agentId is not null) _agentCalls.Tell(new AgentOffCall(_agentId, _info.CallId));
        _dialing?.Cancel();
        if (_agentActor is not null && _agentTicket is not null)
        {
            // Whichever the agent is in for this ticket, one of the two ends it and the other finds nothing to do: an
            // offer ringing (or answered but not yet reported, when the call failed in between) ends as withdrawn, a
            // connected call goes on to after-call work.
            _agentActor.Tell(new OfferNotAccepted(_agentTicket, stopping ? reason : "caller hung up") { Outcome = OfferOutcome.Withdrawn });
            if (_answeredAt is not null) _agentActor.Tell(new AgentCallEnded(_agentTicket));
        }
        if (_answeredAt is not null)
        {
            ReportHandled();
            outcome = stopping ? $"answered; {reason}" : "answered";
        }
        else if (_transferredTo is not null)
        {
            outcome = $"transferred to {_transferredTo}";
        }
        else if (stopping)
        {
            outcome = reason;
        }
        else if (ticketOpen)
        {
            outcome = "abandoned";
        }
        else if (_queueExit is not null)
        {
            outcome = _queueExit;
        }
        else
        {
            outcome = reason == "caller hung up" && _ticket is null ? "ended in flow" : reason;
        }
        var entry = new CallHistoryEntry(
            _info.CallId, _info.ServiceNumber, _info.Caller, _ticket?.Queue,
            _ticket is null ? null : (_answeredAt ?? now) - _ticket.EnteredAt,
            _answeredAt is null ? null : _agentId,
            _answeredAt is null ? null : now - _answeredAt.Value,
            _info.Started, now, outcome);
        AgentLeaves(reason);
        if (stopping)
        {
            _ = _history.RecordAsync(entry);
            return;
        }
        var self = Self;
        _history.RecordAsync(entry).ContinueWith(_ => PoisonPill.Instance).PipeTo(self);
        Become(() =>
        {
            HangUpLateLegs();
            // A desktop's command that was on its way as the call ended: the desktop hears so instead of nothing.
            Receive<CallControl>(m => Refuse(m, $"{m.AgentId} has no call"));
            ReceiveAny(_ => { });
        });
    }

    /// <summary>
    /// A dial whose ringing this call no longer waits for (it ended, the offer was withdrawn, the state moved on) may still
    /// answer, its 200 OK crossing the CANCEL: that leg is hung up, never left connected to nobody.
    /// </summary>
    private void HangUpLateLegs()
    {
        Receive<DialCompleted>(m => { _ = m.Result.Leg?.HangUpAsync(); });
        Receive<TransferCompleted>(m => { _ = m.Result.Leg?.HangUpAsync(); });
        Receive<ConsultDialed>(m => { _ = m.Result.Leg?.HangUpAsync(); });
    }
}

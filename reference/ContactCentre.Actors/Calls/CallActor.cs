using Akka.Actor;
using Akka.Event;
using ContactCentre.Actors.Agents;
using ContactCentre.Actors.Ports;
using ContactCentre.Actors.Queues;
using ContactCentre.Actors.Routing;
using ContactCentre.Domain.Flows;
using ContactCentre.Domain.History;
using ContactCentre.Domain.Queues;
using NodaTime;

namespace ContactCentre.Actors.Calls;

/// <summary>
/// One inbound call: runs the caller through the flow, waits in a queue, rings the agent the router
/// chose, bridges the two legs, and writes the call history when it ends. Lives as long as the call.
/// </summary>
public sealed class CallActor : ReceiveActor, IWithTimers
{
    private sealed record DialCompleted(DialResult Result, string TicketId);
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

    public CallActor(ICallLeg caller, FlowInterpreter flow, CallInfo info, IReadOnlyDictionary<string, IActorRef> queues, IActorRef router,
        IAgentDialer dialer, ICallHistory history, TimeProvider time, ITrunkDialer? trunks = null)
    {
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

    /// <summary>A call actor stopped from outside (shutdown) still releases both legs.</summary>
    protected override void PostStop()
    {
        if (_ended) return;
        _ended = true;
        _bridge?.Dispose();
        _dialing?.Cancel();
        _ = _caller.HangUpAsync();
        _ = _agentLeg?.HangUpAsync();
        _ = _farEnd?.HangUpAsync();
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
            _agentId = m.Agent.AgentId;
            _agentActor = m.AgentActor;
            _dialing = new CancellationTokenSource();
            var offer = new OfferDetails(_info.CallId, _info.Caller, m.Ticket.Queue, _time.GetUtcNow() - m.Ticket.EnteredAt);
            var ticketId = m.Ticket.Id;
            _dialer.DialAsync(m.Agent.Device!, offer, _dialing.Token)
                .ContinueWith(t => new DialCompleted(
                    t.IsCompletedSuccessfully ? t.Result : new DialResult(null, t.Exception?.GetBaseException().Message ?? "cancelled"), ticketId))
                .PipeTo(Self);
        });
        Receive<DialCompleted>(m => OnDialCompleted(m));
        CommonEnd();
    }

    private void OnDialCompleted(DialCompleted m)
    {
        _dialing = null;
        if (_ended)
        {
            // The caller left while the agent's phone rang; an answered agent leg is hung up at once.
            _ = m.Result.Leg?.HangUpAsync();
            return;
        }
        if (!m.Result.Answered)
        {
            _log.Info("Call {0}: agent {1} did not answer ({2})", _info.CallId, _agentId, m.Result.Reason);
            _agentActor?.Tell(new OfferNotAccepted(m.TicketId, m.Result.Reason));
            _router.Tell(new OfferFailed(m.TicketId));
            _agentId = null;
            _agentActor = null;
            return;
        }

        _agentLeg = m.Result.Leg!;
        _agentLeg.Attach(Self);
        _answeredAt = _time.GetUtcNow();
        _caller.StopPlayback();
        _bridge = _caller.Bridge(_agentLeg);
        _agentActor?.Tell(new OfferAccepted(m.TicketId));
        _router.Tell(new OfferAnswered(m.TicketId));
        _queues[_ticket!.Queue].Tell(new CloseTicket(m.TicketId, TicketOutcome.Answered, $"answered by {_agentId}"));
        _log.Info("Call {0}: connected to agent {1}", _info.CallId, _agentId);
        Become(Connected);
    }

    private void Connected()
    {
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
        if (!m.Result.Answered)
        {
            // A transfer has no exit for failure in the flow: the caller is hung up and the log says why.
            _log.Warning("Call {0}: transfer to {1} failed ({2}); hanging up the caller", _info.CallId, m.Number, m.Result.Reason);
            End($"transfer to {m.Number} failed: {m.Result.Reason}");
            return;
        }
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
        Receive<LegEnded>(m => End(
            m.LegId == _caller.Id ? "caller hung up"
            : m.LegId == _farEnd?.Id ? $"{_transferredTo} hung up"
            : "agent hung up"));
        Receive<EndCall>(m => End(m.Reason));
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
                if (q.Prompts.Count > 0) _caller.Play(_playId, q.Prompts);
                _ticket = new Ticket(_info.CallId, q.Queue, q.Priority, _time.GetUtcNow(), _info.Caller);
                _queues[q.Queue].Tell(new Enqueue(_ticket, Self) { Variables = _position.Variables });
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
        _trunks.DialAsync(number, t.Trunk, new TransferDetails(_info.CallId, _info.Caller), _dialing.Token)
            .ContinueWith(d => new TransferCompleted(
                d.IsCompletedSuccessfully ? d.Result : new DialResult(null, d.Exception?.GetBaseException().Message ?? "cancelled"), number))
            .PipeTo(Self);
        Become(Transferring);
    }

    private Instant Now => Instant.FromDateTimeOffset(_time.GetUtcNow());

    private void End(string reason)
    {
        if (_ended) return;
        _ended = true;
        _log.Info("Call {0} ended: {1}", _info.CallId, reason);
        Timers.CancelAll();
        _bridge?.Dispose();
        _ = _caller.HangUpAsync();
        if (_agentLeg is not null) _ = _agentLeg.HangUpAsync();
        if (_farEnd is not null) _ = _farEnd.HangUpAsync();

        var now = _time.GetUtcNow();
        string outcome;
        if (_ticket is not null && _answeredAt is null)
        {
            _dialing?.Cancel();
            _queues[_ticket.Queue].Tell(new CloseTicket(_ticket.Id, TicketOutcome.Abandoned, reason));
            if (_agentActor is not null && _dialing is not null)
                _agentActor.Tell(new OfferNotAccepted(_ticket.Id, "caller hung up"));
            outcome = "abandoned";
        }
        else if (_answeredAt is not null)
        {
            _agentActor?.Tell(new AgentCallEnded(_ticket!.Id));
            outcome = "answered";
        }
        else if (_transferredTo is not null)
        {
            outcome = $"transferred to {_transferredTo}";
        }
        else
        {
            _dialing?.Cancel();
            outcome = reason == "caller hung up" ? "ended in flow" : reason;
        }

        var entry = new CallHistoryEntry(
            _info.CallId, _info.ServiceNumber, _info.Caller, _ticket?.Queue,
            _ticket is null ? null : (_answeredAt ?? now) - _ticket.EnteredAt,
            _answeredAt is null ? null : _agentId,
            _answeredAt is null ? null : now - _answeredAt.Value,
            _info.Started, now, outcome);
        var self = Self;
        _history.RecordAsync(entry).ContinueWith(_ => PoisonPill.Instance).PipeTo(self);
        Become(() => ReceiveAny(_ => { }));
    }
}

using System.Collections.Immutable;
using Akka.Actor;
using Akka.Event;
using ContactCentre.Actors.Agents;
using ContactCentre.Actors.Ports;
using ContactCentre.Actors.Queues;
using ContactCentre.Actors.Routing;
using ContactCentre.Domain.Agents;
using ContactCentre.Domain.Flows;
using ContactCentre.Domain.Queues;

namespace ContactCentre.Actors.Calls;

/// <summary>
/// The agent's side of an inbound call: the offer ringing (reject), and once connected hold, mute, DTMF, hang-up,
/// blind transfer and consultation (docs/agent-protocol.md, "Call control"). Each change goes to the desktops
/// through <see cref="AgentCallsActor"/> as an <see cref="AgentCallUpdate"/>.
/// </summary>
public sealed partial class CallActor
{
    private sealed record TargetPresence(AgentPresence? Presence, string Failure, TransferTarget To, bool Consult, IActorRef Requester);
    private sealed record ConsultDialed(int ConsultId, DialResult Result);

    private readonly IReadOnlyDictionary<string, IActorRef> _agents;
    private readonly IActorRef _agentCalls;
    private string? _agentTicket;
    private bool _offerViaRouter;
    private bool _rejected;
    private bool _ticketClosed;
    private int _ticketSeq;
    private bool _held;
    private bool _muted;
    // The skills the flow's queue module asked for, and for which queue.
    private (string? Queue, ImmutableHashSet<string> Needed) _skills = (null, ImmutableHashSet<string>.Empty);
    /// <summary>The number of the agent's blind transfer while it rings (the agent is still on the call); else null.</summary>
    private string? _blindTransferTo;

    // A consultation: the agent talks to another agent or a number while the caller hears music on hold.
    private int _consultId;
    private TransferTarget? _consultTo;
    private string? _consultAgentId;
    private IActorRef? _consultAgent;
    private string? _consultTicket;
    private CancellationTokenSource? _consultDialing;
    private ICallLeg? _consultLeg;
    private bool _consultTicketWaiting;
    /// <summary>The consulted agent rejected the ringing from its desktop: its <see cref="ConsultDialed"/> says "cancelled".</summary>
    private bool _consultRejected;
    private IDisposable? _consultBridge;
    /// <summary>The device the current offer rings (a softphone's answer comes from the desktop, a phone's by SIP).</summary>
    private AgentDevice? _agentDevice;

    /// <summary>Rings an agent's device: for a ticket the router chose, or for a transfer straight to the agent.</summary>
    private void Offer(string agentId, IActorRef agentActor, AgentDevice device, string ticketId, string queue, TimeSpan waited, bool viaRouter)
    {
        _agentId = agentId;
        _agentActor = agentActor;
        _agentTicket = ticketId;
        _agentDevice = device;
        _offerViaRouter = viaRouter;
        _rejected = false;
        _muted = false;
        _held = false;
        _dialing = new CancellationTokenSource();
        var dial = ++_dialSeq;
        _agentCalls.Tell(new AgentOnCall(agentId, _info.CallId, Self));
        Update(CallState.Ringing);
        var offer = new OfferDetails(_info.CallId, _info.Caller, queue, waited);
        DialPipe.To(_dialer.DialAsync(device, offer, _dialing.Token), Self, () => _stopped, r => new DialCompleted(r, ticketId, dial));
    }

    /// <summary>While an offer rings: the agent may reject it; it answers on its phone.</summary>
    private void OfferControl()
    {
        Receive<RejectOffer>(m =>
        {
            if (m.AgentId != _agentId || _dialing is null)
            {
                Refuse(m, $"{m.AgentId} has no offer ringing");
                return;
            }
            _rejected = true;
            _dialing.Cancel();
        });
        Receive<AnswerOffer>(m => Refuse(m, m.AgentId != _agentId || _dialing is null ? $"{m.AgentId} has no offer ringing"
            // The softphone's ring ended (rejected, timed out) and this call has not yet heard how its dial ended.
            : _agentDevice?.IsSoftphone == true ? $"{m.AgentId}'s softphone is no longer ringing"
            : $"{m.AgentId}'s device is an external phone, which answers by SIP: pick it up (the desktop answers only a softphone)"));
        Receive<CallControl>(m => Refuse(m, m.AgentId == _agentId && _dialing is not null
            ? $"the call is still ringing {m.AgentId}'s device"
            : $"{m.AgentId} has no call"));
    }

    private void ConnectedControl()
    {
        Receive<HangUp>(m =>
        {
            if (m.AgentId == _consultAgentId) ConsultLegEnded();
            else if (IsAgent(m)) AgentHangsUp();
        });
        Receive<HoldCall>(m =>
        {
            if (!IsAgent(m) || NotWhileConsulting(m)) return;
            if (_held)
            {
                Refuse(m, "the call is already on hold");
                return;
            }
            HoldCaller();
            Update(CallState.Held);
        });
        Receive<UnholdCall>(m =>
        {
            if (!IsAgent(m) || NotWhileConsulting(m)) return;
            if (!_held)
            {
                Refuse(m, "the call is not on hold");
                return;
            }
            Reconnect();
        });
        Receive<MuteAgent>(m => { if (IsAgent(m)) SetMuted(true); });
        Receive<UnmuteAgent>(m => { if (IsAgent(m)) SetMuted(false); });
        Receive<SendDtmf>(m =>
        {
            if (!IsAgent(m)) return;
            // The digits go to whoever the agent talks to: the consulted party while consulting, else the caller.
            (_consultTo is not null ? _consultLeg : _caller)?.SendDigits(m.Digits);
        });
        Receive<BlindTransfer>(m =>
        {
            if (!IsAgent(m) || NotWhileConsulting(m)) return;
            if (CheckTarget(m, m.To) is not { } checkedTarget) return;
            switch (checkedTarget.Kind)
            {
                case TransferTargetKind.Queue:
                    ReleaseAgent($"transferred to queue {m.To.Value}");
                    Requeue(m.To.Value);
                    break;
                case TransferTargetKind.Number:
                    // The agent stays on the call until the number answers, to take the caller back if it does not.
                    _ticketClosed = true;
                    _blindTransferTo = m.To.Value;
                    HoldCaller();
                    Update(CallState.Held);
                    Transfer(new TransferToNumber(m.To.Value, null));
                    break;
                case TransferTargetKind.Agent:
                    AskPresence(m.To, consult: false);
                    break;
            }
        });
        Receive<StartConsult>(m =>
        {
            if (!IsAgent(m) || NotWhileConsulting(m)) return;
            if (CheckTarget(m, m.To) is null) return;
            if (m.To.Kind == TransferTargetKind.Agent) AskPresence(m.To, consult: true);
            else if (m.To.Kind == TransferTargetKind.Queue) ConsultQueue(m.To);
            else ConsultNumber(m.To);
        });
        Receive<OfferCall>(m => OnConsultOffer(m));
        Receive<TargetPresence>(OnTargetPresence);
        Receive<ConsultDialed>(OnConsultDialed);
        Receive<CompleteTransfer>(m =>
        {
            if (!IsAgent(m)) return;
            if (_consultLeg is null)
            {
                Refuse(m, _consultTo is null ? $"{m.AgentId} is not consulting" : $"{_consultTo.Value} has not answered yet");
                return;
            }
            CompleteConsultTransfer();
        });
        Receive<CancelConsult>(m =>
        {
            if (!IsAgent(m)) return;
            if (_consultTo is null)
            {
                Refuse(m, $"{m.AgentId} is not consulting");
                return;
            }
            ReleaseConsult("consultation cancelled");
            Reconnect();
        });
        Receive<AnswerOffer>(m => Refuse(m, $"{m.AgentId} has no offer ringing"));
        Receive<RejectOffer>(m =>
        {
            // The consulted agent refuses the consultation ringing it, as an agent refuses an offer.
            if (m.AgentId != _consultAgentId || _consultLeg is not null || _consultDialing is null)
            {
                Refuse(m, $"{m.AgentId} has no offer ringing");
                return;
            }
            _consultRejected = true;
            _consultDialing.Cancel();
        });
    }

    /// <summary>Only the agent on the call controls it; anyone else (a consulted agent) is told so.</summary>
    private bool IsAgent(CallControl m)
    {
        if (m.AgentId == _agentId) return true;
        Refuse(m, m.AgentId == _consultAgentId
            ? $"{m.AgentId} is consulted on this call; {_agentId} controls it"
            : $"{m.AgentId} has no call");
        return false;
    }

    private bool NotWhileConsulting(CallControl m)
    {
        if (_consultTo is null) return false;
        Refuse(m, $"{m.AgentId} is consulting {_consultTo.Value}: completeTransfer or cancelConsult first");
        return true;
    }

    /// <summary>The target if it exists; otherwise the refusal is sent and null returned.</summary>
    private TransferTarget? CheckTarget(CallControl m, TransferTarget to)
    {
        string? why = to.Kind switch
        {
            TransferTargetKind.Queue when !_queues.ContainsKey(to.Value) => $"field 'to' names no queue '{to.Value}'",
            TransferTargetKind.Agent when !_agents.ContainsKey(to.Value) => $"field 'to' names no agent '{to.Value}'",
            TransferTargetKind.Agent when to.Value == _agentId => $"field 'to': {to.Value} is the agent on the call",
            TransferTargetKind.Number when _trunks is null => "this contact centre dials no trunks",
            _ => null,
        };
        if (why is null) return to;
        Refuse(m, why);
        return null;
    }

    private void AskPresence(TransferTarget to, bool consult)
    {
        var requester = Sender;
        _agents[to.Value].Ask<AgentPresence>(new GetPresence(), TimeSpan.FromSeconds(5))
            .ContinueWith(t => t.IsCompletedSuccessfully
                ? new TargetPresence(t.Result, "", to, consult, requester)
                : new TargetPresence(null, t.Exception?.GetBaseException().Message ?? "no answer", to, consult, requester))
            .PipeTo(Self);
    }

    private void OnTargetPresence(TargetPresence m)
    {
        var verb = m.Consult ? "consult" : "transfer";
        if (_agentId is null || _consultTo is not null)
        {
            m.Requester.Tell(new CallControlRefused($"{verb}: the call changed while {m.To.Value} was asked (now {(_consultTo is not null ? "consulting" : "without an agent")})"));
            return;
        }
        if (m.Presence is not { Device: { } device, Status: AgentStatus.Ready })
        {
            var state = m.Presence is null ? $"cannot be asked ({m.Failure})" : m.Presence.Device is null ? "not logged in" : $"{m.Presence.Status}, not Ready";
            m.Requester.Tell(new CallControlRefused($"{verb}: {m.To.Value} is {state}"));
            return;
        }
        var agent = _agents[m.To.Value];
        var ticket = NextTicketId();
        var queue = _ticket?.Queue ?? "transfer";
        if (!m.Consult)
        {
            ReleaseAgent($"transferred to agent {m.To.Value}");
            _caller.PlayMusicOnHold();
            agent.Tell(new OfferStarted(ticket, _info.Caller, queue) { Variables = _position.Variables, Call = Self, Direct = true });
            Offer(m.To.Value, agent, device, ticket, queue, TimeSpan.Zero, viaRouter: false);
            Become(Queued);
            return;
        }
        StartConsultation(m.To);
        _consultAgentId = m.To.Value;
        _consultAgent = agent;
        _consultTicket = ticket;
        agent.Tell(new OfferStarted(ticket, _info.Caller, queue) { Variables = _position.Variables, Call = Self, Direct = true });
        _agentCalls.Tell(new AgentOnCall(m.To.Value, _info.CallId, Self));
        UpdateConsulted(CallState.Ringing);
        var id = _consultId;
        DialPipe.To(_dialer.DialAsync(device, new OfferDetails(_info.CallId, _info.Caller, queue, TimeSpan.Zero), _consultDialing!.Token),
            Self, () => _stopped, r => new ConsultDialed(id, r));
    }

    /// <summary>A consultation with whichever agent of a queue answers first: a ticket of its own waits there for the router.</summary>
    private void ConsultQueue(TransferTarget to)
    {
        StartConsultation(to);
        _consultTicket = NextTicketId();
        _consultTicketWaiting = true;
        var ticket = new Ticket(_consultTicket, to.Value, _ticket?.Priority ?? 0, _time.GetUtcNow(), _info.Caller) { Kind = TicketKind.Consultation };
        _queues[to.Value].Tell(new Enqueue(ticket, Self) { Variables = _position.Variables });
    }

    private void OnConsultOffer(OfferCall m)
    {
        if (m.Ticket.Id != _consultTicket || !_consultTicketWaiting || _consultAgentId is not null || _consultTo is null)
        {
            // An offer the router made as the consultation ended: the agent is free again.
            m.AgentActor.Tell(new OfferNotAccepted(m.Ticket.Id, "caller hung up"));
            _router.Tell(new OfferFailed(m.Ticket.Id) { AgentId = m.Agent.AgentId });
            return;
        }
        _consultAgentId = m.Agent.AgentId;
        _consultAgent = m.AgentActor;
        _agentCalls.Tell(new AgentOnCall(_consultAgentId, _info.CallId, Self));
        UpdateConsulted(CallState.Ringing);
        var id = _consultId;
        DialPipe.To(_dialer.DialAsync(m.Agent.Device!, new OfferDetails(_info.CallId, _info.Caller, m.Ticket.Queue, _time.GetUtcNow() - m.Ticket.EnteredAt), _consultDialing!.Token),
            Self, () => _stopped, r => new ConsultDialed(id, r));
    }

    private void ConsultNumber(TransferTarget to)
    {
        StartConsultation(to);
        var id = _consultId;
        DialPipe.To(_trunks!.DialAsync(to.Value, null, new TransferDetails(_info.CallId, _info.Caller), _consultDialing!.Token),
            Self, () => _stopped, r => new ConsultDialed(id, r));
    }

    private void StartConsultation(TransferTarget to)
    {
        if (!_held) HoldCaller();
        _consultId++;
        _consultTo = to;
        _consultDialing = new CancellationTokenSource();
        _log.Info("Call {0}: agent {1} consults {2}", _info.CallId, _agentId, to);
        Update(CallState.Consulting);
    }

    /// <summary>
    /// The agent a transfer went straight to refused it (it took another call, or stopped being Ready since it was asked):
    /// its phone rings no more and the caller goes back to the queue it came from.
    /// </summary>
    private void OnDirectOfferRefused(OfferRefused m)
    {
        if (_offerViaRouter || _dialing is null || m.TicketId != _agentTicket) return;
        _log.Info("Call {0}: agent {1} refused the transfer ({2})", _info.CallId, _agentId, m.Reason);
        AgentLeaves($"refused: {m.Reason}");
        _dialing.Cancel();
        _dialing = null;
        DirectOfferFailed(m.Reason);
    }

    /// <summary>The agent consulted directly refused the consultation: it rings no more; the caller stays on hold.</summary>
    private void OnConsultOfferRefused(OfferRefused m)
    {
        if (m.TicketId != _consultTicket || _consultLeg is not null || _consultTicketWaiting || _consultTo is null) return;
        var who = _consultTo.Value;
        _log.Info("Call {0}: consulted agent {1} refused ({2})", _info.CallId, who, m.Reason);
        _consultId++;
        ReleaseConsult($"refused: {m.Reason}", told: true);
        Update(CallState.Held, $"consult with {who} failed: {m.Reason}");
    }

    /// <summary>The router withdrew the offer of a consultation's queue ticket: that agent rings no more; the ticket waits on.</summary>
    private void OnWithdrawConsultOffer(WithdrawOffer m)
    {
        if (m.TicketId != _consultTicket || m.AgentId != _consultAgentId || !_consultTicketWaiting || _consultLeg is not null) return;
        _log.Info("Call {0}: the consultation offer to agent {1} is withdrawn ({2})", _info.CallId, m.AgentId, m.Reason);
        _consultDialing?.Cancel();
        // Its ConsultDialed is stale from here on: an answer that comes late is hung up.
        _consultId++;
        _consultRejected = false;
        UpdateConsulted(CallState.Ended, $"not answered: {m.Reason}");
        _agentCalls.Tell(new AgentOffCall(_consultAgentId!, _info.CallId));
        _consultAgentId = null;
        _consultAgent = null;
        _consultDialing = new CancellationTokenSource();
    }

    /// <summary>The queue a consultation waits in sent its ticket on (full, maximum wait): the consultation fails.</summary>
    private void OnConsultQueueExit(QueueExitTaken m)
    {
        // The queue closed the ticket and told the router, which ends any offer of it.
        _consultTicketWaiting = false;
        var who = _consultTo!.Value;
        _log.Info("Call {0}: consulting queue {1} failed ({2})", _info.CallId, who, m.Reason);
        ReleaseConsult($"queue {who}: {m.Reason}", told: true);
        Update(CallState.Held, $"consult with {who} failed: {m.Reason}");
    }

    private void OnConsultDialed(ConsultDialed m)
    {
        if (_ended || m.ConsultId != _consultId || _consultTo is null)
        {
            // Cancelled (or the call ended) while it rang.
            _ = m.Result.Leg?.HangUpAsync();
            return;
        }
        var rejected = _consultRejected;
        _consultRejected = false;
        var reason = rejected ? "rejected at the desktop" : m.Result.Reason;
        if (!m.Result.Answered && _consultTicketWaiting)
        {
            // One agent of the queue did not answer: it goes on waiting for the next.
            _log.Info("Call {0}: consulted agent {1} did not answer ({2})", _info.CallId, _consultAgentId, reason);
            _consultAgent?.Tell(new OfferNotAccepted(_consultTicket!, reason) { Outcome = rejected ? OfferOutcome.Rejected : null });
            UpdateConsulted(CallState.Ended, $"not answered: {reason}");
            _agentCalls.Tell(new AgentOffCall(_consultAgentId!, _info.CallId));
            _router.Tell(new OfferFailed(_consultTicket!) { AgentId = _consultAgentId });
            _consultAgentId = null;
            _consultAgent = null;
            _consultDialing = new CancellationTokenSource();
            return;
        }
        _consultDialing = null;
        if (!m.Result.Answered)
        {
            var who = _consultTo.Value;
            _log.Info("Call {0}: consulting {1} failed ({2})", _info.CallId, who, reason);
            _consultAgent?.Tell(new OfferNotAccepted(_consultTicket!, reason) { Outcome = rejected ? OfferOutcome.Rejected : null });
            ReleaseConsult($"not answered: {reason}", told: true);
            Update(CallState.Held, $"consult with {who} failed: {reason}");
            return;
        }
        _consultLeg = m.Result.Leg!;
        _consultLeg.Attach(Self);
        _consultAgent?.Tell(new OfferAccepted(_consultTicket!));
        if (_consultTicketWaiting)
        {
            _consultTicketWaiting = false;
            _router.Tell(new OfferAnswered(_consultTicket!) { AgentId = _consultAgentId });
            _queues[_consultTo.Value].Tell(new CloseTicket(_consultTicket!, TicketOutcome.Answered, $"consultation answered by {_consultAgentId}"));
        }
        _consultBridge = _agentLeg!.Bridge(_consultLeg);
        UpdateConsulted(CallState.Connected);
        Update(CallState.Consulting);
    }

    /// <summary>The agent leaves; the caller and the consulted party talk (the consulted agent now has the call).</summary>
    private void CompleteConsultTransfer()
    {
        var to = _consultTo!;
        var leg = _consultLeg!;
        var agentId = _consultAgentId;
        var agent = _consultAgent;
        var ticket = _consultTicket;
        _consultBridge?.Dispose();
        ClearConsult();
        ReleaseAgent($"transferred to {to}");
        _caller.StopPlayback();
        if (agentId is not null)
        {
            _agentId = agentId;
            _agentActor = agent;
            _agentTicket = ticket;
            _agentLeg = leg;
            _answeredAt = _time.GetUtcNow();
        }
        else
        {
            _farEnd = leg;
            _transferredTo = to.Value;
        }
        _bridge = _caller.Bridge(leg);
        _log.Info("Call {0}: transferred to {1} after consultation", _info.CallId, to);
        if (agentId is not null) Update(CallState.Connected);
    }

    private void ConsultLegEnded()
    {
        if (_consultTo is null) return;
        ReleaseConsult($"{_consultTo.Value} hung up");
        Reconnect();
    }

    /// <summary>The agent's phone hung up: its leg is gone (nothing to hang up), and the rest is the agent hanging up.</summary>
    private void AgentLegEnded()
    {
        _agentLeg = null;
        AgentHangsUp();
    }

    /// <summary>
    /// The agent hangs up, on its phone or with the desktop's hangup (one rule for both): during an answered
    /// consultation that hands the caller over to the consulted party (attended transfer by hang-up), otherwise it ends
    /// the call.
    /// </summary>
    private void AgentHangsUp()
    {
        if (_consultLeg is not null) CompleteConsultTransfer();
        // A blind transfer ringing: the agent leaves it to the number, as a blind transfer does.
        else if (_blindTransferTo is not null) ReleaseAgent($"transferred to {_blindTransferTo}");
        else End("agent hung up");
    }

    /// <summary>While the number of the agent's blind transfer rings: the agent may hang up (and leave the caller to it).</summary>
    private void BlindTransferRinging()
    {
        Receive<TransferCompleted>(m => OnTransferCompleted(m));
        Receive<HangUp>(m => { if (IsAgent(m)) AgentHangsUp(); });
        Receive<CallControl>(m =>
        {
            if (IsAgent(m)) Refuse(m, $"the transfer to {_blindTransferTo} is ringing; hangup leaves the caller to it");
        });
        CommonEnd();
    }

    /// <summary>The agent's blind transfer to a number failed: the caller goes back to the agent, or to its queue if the agent left.</summary>
    private void BlindTransferFailed(string number, string reason)
    {
        var why = $"transfer to {number} failed: {reason}";
        if (_agentId is not null)
        {
            _log.Info("Call {0}: {1}; the caller is back with agent {2}", _info.CallId, why, _agentId);
            Become(Connected);
            Reconnect(why);
        }
        else if (_ticket is not null && _queues.ContainsKey(_ticket.Queue))
        {
            _log.Info("Call {0}: {1}; the caller waits in queue {2} again", _info.CallId, why, _ticket.Queue);
            Requeue(_ticket.Queue);
        }
        else
        {
            End(why);
        }
    }

    /// <summary>Ends a consultation: the consulted party's leg or ringing goes, and a consulted agent is free again.</summary>
    private void ReleaseConsult(string reason, bool told = false)
    {
        if (_consultTo is null) return;
        _consultDialing?.Cancel();
        _consultBridge?.Dispose();
        // A consultation's own ticket leaves its queue as abandoned; being internal, it counts in no statistics.
        if (_consultTicketWaiting) _queues[_consultTo.Value].Tell(new CloseTicket(_consultTicket!, TicketOutcome.Abandoned, reason));
        var leg = _consultLeg;
        if (_consultAgent is not null && !told)
        {
            if (leg is null) _consultAgent.Tell(new OfferNotAccepted(_consultTicket!, "caller hung up"));
            else _consultAgent.Tell(new AgentCallEnded(_consultTicket!));
        }
        if (_consultAgentId is not null)
        {
            UpdateConsulted(CallState.Ended, reason);
            _agentCalls.Tell(new AgentOffCall(_consultAgentId, _info.CallId));
        }
        ClearConsult();
        _ = leg?.HangUpAsync();
    }

    private void ClearConsult()
    {
        _consultTo = null;
        _consultAgentId = null;
        _consultAgent = null;
        _consultTicket = null;
        _consultDialing = null;
        _consultLeg = null;
        _consultBridge = null;
        _consultTicketWaiting = false;
        _consultRejected = false;
    }

    private void HoldCaller()
    {
        _held = true;
        _bridge?.Dispose();
        _bridge = null;
        _caller.PlayMusicOnHold();
    }

    /// <summary>The caller and the agent talk again (after hold, a consultation, or a transfer that failed: <paramref name="reason"/>).</summary>
    private void Reconnect(string? reason = null)
    {
        _held = false;
        if (_agentLeg is null) return;
        _caller.StopPlayback();
        _bridge = _caller.Bridge(_agentLeg);
        Update(CallState.Connected, reason);
    }

    private void SetMuted(bool muted)
    {
        _muted = muted;
        _agentLeg?.SetMuted(muted);
        Update(_consultTo is not null ? CallState.Consulting : _held ? CallState.Held : CallState.Connected);
    }

    /// <summary>The agent leaves the call (a transfer): its leg is hung up and it goes on to after-call work.</summary>
    private void ReleaseAgent(string reason)
    {
        _bridge?.Dispose();
        _bridge = null;
        var leg = _agentLeg;
        _agentLeg = null;
        _ = leg?.HangUpAsync();
        ReportHandled();
        if (_agentTicket is not null) _agentActor?.Tell(new AgentCallEnded(_agentTicket));
        _log.Info("Call {0}: agent {1} {2}", _info.CallId, _agentId, reason);
        AgentLeaves(reason);
        _answeredAt = null;
        _held = false;
        _muted = false;
    }

    /// <summary>
    /// The agent's desktop sees the call end; its call control no longer comes here. Called before a ringing device is
    /// cancelled: a softphone's desktop hears its ring end at once and may answer the next moment, and that answer must
    /// find the agent off this call (<see cref="AgentCallsActor"/> refuses it), not reach a call that is ending.
    /// </summary>
    private void AgentLeaves(string reason)
    {
        if (_agentId is null) return;
        Update(CallState.Ended, reason);
        _agentCalls.Tell(new AgentOffCall(_agentId, _info.CallId));
        _agentId = null;
        _agentActor = null;
        _agentTicket = null;
    }

    /// <summary>Back into a queue as a new ticket (a blind transfer to a queue, or a transfer to an agent who did not answer).</summary>
    private void Requeue(string queue)
    {
        _ticket = new Ticket(NextTicketId(), queue, _ticket?.Priority ?? 0, _time.GetUtcNow(), _info.Caller);
        _ticketClosed = false;
        _caller.PlayMusicOnHold();
        // Back in the flow's queue the flow's skills still apply; another queue's agents are chosen by that queue alone.
        var skills = _skills.Queue == queue ? _skills.Needed : ImmutableHashSet<string>.Empty;
        _queues[queue].Tell(new Enqueue(_ticket, Self) { Variables = _position.Variables, Skills = skills });
        Become(Queued);
    }

    /// <summary>A transfer straight to an agent who did not answer: the caller waits in the queue it came from, if any.</summary>
    private void DirectOfferFailed(string reason)
    {
        if (_ticket is not null && _queues.ContainsKey(_ticket.Queue)) Requeue(_ticket.Queue);
        else End($"transfer not answered: {reason}");
    }

    private string NextTicketId() => $"{_info.CallId}#{++_ticketSeq}";

    private void Update(CallState state, string? reason = null)
    {
        if (_agentId is null) return;
        _agentCalls.Tell(new AgentCallUpdate(_agentId, _info.CallId, "inbound", _info.Caller, state, _muted, reason)
        {
            Consulting = state == CallState.Consulting ? _consultTo?.Value : null,
        });
    }

    private void UpdateConsulted(CallState state, string? reason = null)
    {
        if (_consultAgentId is null) return;
        _agentCalls.Tell(new AgentCallUpdate(_consultAgentId, _info.CallId, "consult", _agentId ?? _info.Caller, state, false, reason));
    }

    private void Refuse(CallControl m, string why) => Sender.Tell(new CallControlRefused($"{m.Verb}: {why}"));
}

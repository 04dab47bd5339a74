using Akka.Actor;
using Akka.Event;
using ContactCentre.Actors.Agents;
using ContactCentre.Actors.Ports;
using ContactCentre.Domain.Agents;
using ContactCentre.Domain.History;

namespace ContactCentre.Actors.Calls;

/// <summary>
/// An agent's outbound call: rings the agent's own device first, then dials the number through a trunk, bridges the
/// two, and logs the call as outbound in the call history. The agent is Busy for its duration.
/// Child of <see cref="AgentCallsActor"/>, which hands it the agent's call control.
/// </summary>
public sealed class OutboundCallActor : ReceiveActor
{
    private sealed record AgentAnswered(DialResult Result);
    private sealed record NumberAnswered(DialResult Result);

    private readonly string _callId;
    private readonly string _agentId;
    private readonly IActorRef _agent;
    private readonly string _number;
    private readonly OutboundCalls _services;
    private readonly IActorRef _requester;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly DateTimeOffset _started;
    private CancellationTokenSource? _dialing;
    private ICallLeg? _agentLeg;
    private ICallLeg? _farEnd;
    private IDisposable? _bridge;
    private DateTimeOffset? _connectedAt;
    /// <summary>The agent was asked to be Busy with this call: <see cref="AgentBusyEnded"/> undoes it (a no-op if it refused).</summary>
    private bool _busy;
    private bool _agentRinging;
    private bool _muted;
    private bool _held;
    private bool _ended;
    private volatile bool _stopped;

    public OutboundCallActor(string callId, string agentId, IActorRef agent, string number, OutboundCalls services, IActorRef requester)
    {
        _callId = callId;
        _agentId = agentId;
        _agent = agent;
        _number = number;
        _services = services;
        _requester = requester;
        _started = services.Time.GetUtcNow();

        Receive<AgentPresence>(OnBusy);
        Receive<AgentBusyRefused>(OnBusyRefused);
        Receive<AgentAnswered>(OnAgentAnswered);
        Receive<NumberAnswered>(OnNumberAnswered);
        Receive<LegEnded>(m =>
        {
            if (m.LegId == _agentLeg?.Id) End("agent hung up");
            else if (m.LegId == _farEnd?.Id) End($"{_number} hung up");
        });
        Receive<HangUp>(_ => End("agent hung up"));
        Receive<EndCall>(m => End(m.Reason));
        Receive<HoldCall>(m => Connected(m, () =>
        {
            if (_held) return;
            _held = true;
            _bridge?.Dispose();
            _bridge = null;
            _farEnd!.PlayMusicOnHold();
            Update(CallState.Held);
        }));
        Receive<UnholdCall>(m => Connected(m, () =>
        {
            if (!_held) return;
            _held = false;
            _farEnd!.StopPlayback();
            _bridge = _agentLeg!.Bridge(_farEnd);
            Update(CallState.Connected);
        }));
        Receive<MuteAgent>(m => Connected(m, () => Mute(true)));
        Receive<UnmuteAgent>(m => Connected(m, () => Mute(false)));
        Receive<SendDtmf>(m => Connected(m, () => _farEnd!.SendDigits(m.Digits)));
        Receive<CallControl>(m => Sender.Tell(new CallControlRefused(
            $"{m.Verb}: not possible on an outbound call ({_agentId} is on call {_callId} to {_number})")));
    }

    protected override void PreStart()
    {
        if (_services.Trunks is null)
        {
            _requester.Tell(new CallControlRefused("call: this contact centre dials no trunks"));
            End("not placed: no trunk dialer", record: false);
            return;
        }
        // The agent becomes Busy before anything rings: an offer that reached it first refuses this call, and one
        // that comes after is refused by the Busy agent. The answer carries the device to ring first.
        _busy = true;
        _agent.Tell(new AgentBusy(_callId, "outbound call"));
    }

    /// <summary>Stopped before the call ended (it failed, or the host shut down): the legs and the agent are released all the same.</summary>
    protected override void PostStop()
    {
        _stopped = true;
        if (_ended) return;
        _ended = true;
        _dialing?.Cancel();
        _bridge?.Dispose();
        _ = _agentLeg?.HangUpAsync();
        _ = _farEnd?.HangUpAsync();
        if (_busy) _agent.Tell(new AgentBusyEnded(_callId));
        Update(CallState.Ended, "the call was stopped");
    }

    /// <summary>The agent is Busy with this call: its device rings first.</summary>
    private void OnBusy(AgentPresence presence)
    {
        // Ended before the agent's answer: End's AgentBusyEnded, sent after the AgentBusy, frees the agent already.
        if (_ended || _agentRinging) return;
        if (presence.Device is not { } device)
        {
            _requester.Tell(new CallControlRefused($"call: {_agentId} is not logged in"));
            End("not placed: the agent has no device", record: false);
            return;
        }
        _agentRinging = true;
        Update(CallState.Ringing);
        _log.Info("Outbound call {0}: ringing agent {1}'s device before dialling {2}", _callId, _agentId, _number);
        _dialing = new CancellationTokenSource();
        DialPipe.To(_services.Dialer.DialAsync(device, new OfferDetails(_callId, _number, "outbound", TimeSpan.Zero) { Outbound = true }, _dialing.Token),
            Self, () => _stopped, r => new AgentAnswered(r));
    }

    private void OnBusyRefused(AgentBusyRefused m)
    {
        if (_ended || _agentRinging) return;
        var agent = m.Agent;
        _requester.Tell(new CallControlRefused(agent.Status switch
        {
            AgentStatus.LoggedOut => $"call: {_agentId} is not logged in",
            AgentStatus.Connecting => $"call: {_agentId} has an offer ringing (Connecting), not free to call out",
            _ => $"call: {_agentId} is {agent.Status}, not free to call out",
        }));
        End($"not placed: {m.Reason}", record: false);
    }

    private void OnAgentAnswered(AgentAnswered m)
    {
        _dialing = null;
        if (_ended)
        {
            _ = m.Result.Leg?.HangUpAsync();
            return;
        }
        if (!m.Result.Answered)
        {
            End($"the agent's device did not answer ({m.Result.Reason})");
            return;
        }
        _agentLeg = m.Result.Leg!;
        _agentLeg.Attach(Self);
        _agentLeg.SetMuted(_muted);
        _dialing = new CancellationTokenSource();
        DialPipe.To(_services.Trunks!.DialAsync(_number, null, new TransferDetails(_callId, _services.CallerId), _dialing.Token),
            Self, () => _stopped, r => new NumberAnswered(r));
    }

    private void OnNumberAnswered(NumberAnswered m)
    {
        _dialing = null;
        if (_ended)
        {
            _ = m.Result.Leg?.HangUpAsync();
            return;
        }
        if (!m.Result.Answered)
        {
            End($"{_number} did not answer ({m.Result.Reason})");
            return;
        }
        _farEnd = m.Result.Leg!;
        _farEnd.Attach(Self);
        _bridge = _agentLeg!.Bridge(_farEnd);
        _connectedAt = _services.Time.GetUtcNow();
        _log.Info("Outbound call {0}: agent {1} connected to {2}", _callId, _agentId, _number);
        Update(CallState.Connected);
    }

    private void Connected(CallControl m, Action act)
    {
        if (_farEnd is null || _agentLeg is null)
        {
            Sender.Tell(new CallControlRefused($"{m.Verb}: the call to {_number} is not connected yet"));
            return;
        }
        act();
    }

    private void Mute(bool muted)
    {
        _muted = muted;
        _agentLeg!.SetMuted(muted);
        Update(_held ? CallState.Held : CallState.Connected);
    }

    private void Update(CallState state, string? reason = null) =>
        Context.Parent.Tell(new AgentCallUpdate(_agentId, _callId, "outbound", _number, state, _muted, reason));

    private void End(string reason, bool record = true)
    {
        if (_ended) return;
        _ended = true;
        // Before the agent's ringing is cancelled: a softphone's desktop hears its ring end then and may send its next
        // command at once, which must find the agent off this call.
        Context.Parent.Tell(new AgentOffCall(_agentId, _callId));
        _dialing?.Cancel();
        _bridge?.Dispose();
        if (_agentLeg is not null) _ = _agentLeg.HangUpAsync();
        if (_farEnd is not null) _ = _farEnd.HangUpAsync();
        if (_busy) _agent.Tell(new AgentBusyEnded(_callId));
        if (!record)
        {
            Context.Stop(Self);
            return;
        }
        _log.Info("Outbound call {0} ended: {1}", _callId, reason);
        Update(CallState.Ended, reason);
        var now = _services.Time.GetUtcNow();
        // Outbound calls share the history with inbound ones: the caller column holds the number dialled.
        var entry = new CallHistoryEntry(_callId, _services.CallerId, _number, null, null, _agentId,
            _connectedAt is null ? null : now - _connectedAt.Value, _started, now,
            _connectedAt is null ? $"outbound, not connected: {reason}" : "outbound");
        var self = Self;
        _services.History.RecordAsync(entry).ContinueWith(_ => PoisonPill.Instance).PipeTo(self);
        Become(() =>
        {
            // A phone that answered as the call ended (its 200 OK crossed the CANCEL) is hung up, not left connected.
            Receive<AgentAnswered>(m => { _ = m.Result.Leg?.HangUpAsync(); });
            Receive<NumberAnswered>(m => { _ = m.Result.Leg?.HangUpAsync(); });
            // A desktop's command that was on its way as the call ended: the desktop hears so instead of nothing.
            Receive<CallControl>(m => Sender.Tell(new CallControlRefused($"{m.Verb}: {m.AgentId} has no call")));
            ReceiveAny(_ => { });
        });
    }
}

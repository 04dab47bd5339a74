namespace ContactCentre.Domain.Agents;

/// <summary>What a command to an agent led to: the events to persist and apply, or a refusal saying why.</summary>
public sealed record AgentDecision(IReadOnlyList<AgentStateEvent> Events, string? Refusal)
{
    public bool Refused => Refusal is not null;

    public static AgentDecision Nothing { get; } = new([], null);
    public static AgentDecision Refuse(string why) => new([], why);
    public static AgentDecision Do(params AgentStateEvent[] events) => new(events, null);
}

/// <summary>
/// One agent's state machine, pure: each command takes <c>now</c> and returns an <see cref="AgentDecision"/>;
/// <see cref="Apply"/> folds an event in. The actor persists the events, so a restart rebuilds the state
/// (and <see cref="AfterRestart"/> says what a restart changes).
/// </summary>
public sealed record AgentState(
    string AgentId,
    IReadOnlyList<string> ConfiguredQueues,
    AgentStatus Status,
    DateTimeOffset Since,
    AgentDevice? Device,
    IReadOnlyList<string> Queues,
    string? PauseReason = null,
    string? TicketId = null,
    string? Queue = null,
    DateTimeOffset? WrapUpEnds = null,
    int NoAnswers = 0,
    int OfferErrors = 0,
    StateBeforeBusy? BeforeBusy = null)
{
    public static AgentState LoggedOutAgent(string agentId, IReadOnlyList<string> configuredQueues, DateTimeOffset now) =>
        new(agentId, configuredQueues, AgentStatus.LoggedOut, now, null, []);

    public bool LoggedIn => Status != AgentStatus.LoggedOut;

    /// <summary>Logs in to <paramref name="queues"/> (all the agent's queues when empty), or changes device and queues.</summary>
    public AgentDecision Login(AgentDevice device, IReadOnlyList<string>? queues, DateTimeOffset now)
    {
        var chosen = queues is { Count: > 0 } ? queues.Distinct(StringComparer.Ordinal).ToList() : ConfiguredQueues.ToList();
        var unknown = chosen.FirstOrDefault(q => !ConfiguredQueues.Contains(q, StringComparer.Ordinal));
        if (unknown is not null)
            return AgentDecision.Refuse($"login: agent '{AgentId}' does not serve queue '{unknown}' (serves: {string.Join(", ", ConfiguredQueues)})");
        if (chosen.Count == 0)
            return AgentDecision.Refuse($"login: agent '{AgentId}' serves no queue");
        var loggedIn = new LoggedIn(device, chosen, now);
        return LoggedIn ? AgentDecision.Do(loggedIn) : AgentDecision.Do(loggedIn, new BecameReady("logged in", now));
    }

    /// <summary>The agent logs out; refused during a call (hang up first). A supervisor's logout (<paramref name="by"/>) always goes through.</summary>
    public AgentDecision Logout(string reason, string? by, DateTimeOffset now)
    {
        if (!LoggedIn) return AgentDecision.Nothing;
        if (by is null && Status is AgentStatus.Connected or AgentStatus.Busy)
            return AgentDecision.Refuse($"logout: agent '{AgentId}' is {Status}; end the call first");
        return AgentDecision.Do(new LoggedOut(reason, by, now));
    }

    /// <summary>Ready again after No answer, a pause or wrap-up (which ends it early).</summary>
    public AgentDecision Ready(DateTimeOffset now) => Status switch
    {
        AgentStatus.LoggedOut => AgentDecision.Refuse("ready: log in first"),
        AgentStatus.Ready => AgentDecision.Nothing,
        AgentStatus.NoAnswer => AgentDecision.Do(new BecameReady("ready after no answer", now)),
        AgentStatus.Paused => AgentDecision.Do(new BecameReady("pause ended", now)),
        AgentStatus.WrapUp => AgentDecision.Do(new BecameReady("wrap-up ended early", now)),
        _ => AgentDecision.Refuse($"ready: agent '{AgentId}' is {Status}"),
    };

    /// <summary>Ends wrap-up early (the desktop's "endWrapUp").</summary>
    public AgentDecision EndWrapUp(DateTimeOffset now) =>
        Status == AgentStatus.WrapUp ? AgentDecision.Do(new BecameReady("wrap-up ended early", now))
        : AgentDecision.Refuse($"endWrapUp: agent '{AgentId}' is {Status}, not in wrap-up");

    /// <summary>The wrap-up time ran out (the actor's timer); ignored when the agent already left wrap-up.</summary>
    public AgentDecision WrapUpExpired(DateTimeOffset now) =>
        Status == AgentStatus.WrapUp && WrapUpEnds <= now ? AgentDecision.Do(new BecameReady("wrap-up time over", now)) : AgentDecision.Nothing;

    /// <summary>Pauses with a reason from the configured list; not while an offer rings or a call goes on.</summary>
    public AgentDecision Pause(string reason, AgentRules rules, DateTimeOffset now)
    {
        if (!rules.PauseReasons.Contains(reason, StringComparer.Ordinal))
            return AgentDecision.Refuse(rules.PauseReasons.Count == 0
                ? $"pause: unknown reason '{reason}'; no pause reasons are configured"
                : $"pause: unknown reason '{reason}'; configured reasons: {string.Join(", ", rules.PauseReasons)}");
        return Status switch
        {
            AgentStatus.LoggedOut => AgentDecision.Refuse("pause: log in first"),
            AgentStatus.Paused when PauseReason == reason => AgentDecision.Nothing,
            AgentStatus.Ready or AgentStatus.NoAnswer or AgentStatus.WrapUp or AgentStatus.Paused => AgentDecision.Do(new PauseStarted(reason, false, now)),
            _ => AgentDecision.Refuse($"pause: agent '{AgentId}' is {Status}; end the call first"),
        };
    }

    /// <summary>The router offers a ticket: only a Ready agent takes it (a report that crossed the offer must not ring a paused agent).</summary>
    /// <param name="anyQueue">A transfer or consultation straight to this agent: it need not serve the call's queue.</param>
    public AgentDecision Offer(string ticketId, string queue, DateTimeOffset now, bool anyQueue = false)
    {
        if (Status != AgentStatus.Ready)
            return AgentDecision.Refuse($"agent '{AgentId}' is {Status}");
        if (!anyQueue && !Queues.Contains(queue, StringComparer.Ordinal))
            return AgentDecision.Refuse($"agent '{AgentId}' is not logged in to queue '{queue}'");
        return AgentDecision.Do(new OfferRinging(ticketId, queue, now));
    }

    /// <summary>
    /// The offered call was answered. Also accepted just after the offer timed out on the same ticket (the phone
    /// was picked up as the timer fired): the call is real, so the agent is on it.
    /// </summary>
    public AgentDecision Answered(string ticketId, DateTimeOffset now) =>
        TicketId == ticketId && Status is AgentStatus.Connecting or AgentStatus.NoAnswer
            ? AgentDecision.Do(new CallConnected(ticketId, now))
            : AgentDecision.Nothing;

    /// <summary>
    /// The offer ended unanswered. A no-answer or reject makes the agent No answer; an error too, and the
    /// consecutive counts decide the automatic pause and log-off. A withdrawn offer makes the agent Ready.
    /// </summary>
    public AgentDecision Missed(string ticketId, OfferOutcome outcome, string reason, AgentRules rules, DateTimeOffset now)
    {
        if (Status != AgentStatus.Connecting || TicketId != ticketId)
            return AgentDecision.Nothing;
        var missed = new OfferMissed(ticketId, outcome, reason, now);
        if (outcome == OfferOutcome.Withdrawn)
            return AgentDecision.Do(missed, new BecameReady(reason, now));
        if (outcome == OfferOutcome.Error && rules.AutoLogoffAfterOfferErrors > 0 && OfferErrors + 1 >= rules.AutoLogoffAfterOfferErrors)
            return AgentDecision.Do(missed, new LoggedOut($"{OfferErrors + 1} consecutive offers failed; last: {reason}", "system", now));
        if (outcome != OfferOutcome.Error && rules.AutoPauseAfterNoAnswers > 0 && NoAnswers + 1 >= rules.AutoPauseAfterNoAnswers)
            return AgentDecision.Do(missed, new PauseStarted(AgentRules.AutoPauseReason, true, now));
        return AgentDecision.Do(missed);
    }

    /// <summary>The connected queue call ended: wrap-up for the queue's time, or Ready at once when it has none.</summary>
    public AgentDecision CallEnded(string ticketId, AgentRules rules, DateTimeOffset now)
    {
        if (Status != AgentStatus.Connected || TicketId != ticketId)
            return AgentDecision.Nothing;
        var wrapUp = rules.WrapUpTime(Queue ?? "");
        return wrapUp > TimeSpan.Zero
            ? AgentDecision.Do(new WrapUpStarted(ticketId, Queue ?? "", now + wrapUp, now))
            : AgentDecision.Do(new BecameReady("call ended", now));
    }

    /// <summary>An outbound or non-queue call starts; not while an offer rings or another call goes on.</summary>
    public AgentDecision StartBusy(string callId, string what, DateTimeOffset now) => Status switch
    {
        AgentStatus.LoggedOut => AgentDecision.Refuse("busy: log in first"),
        AgentStatus.Connecting or AgentStatus.Connected or AgentStatus.Busy => AgentDecision.Refuse($"busy: agent '{AgentId}' is {Status}"),
        _ => AgentDecision.Do(new BusyStarted(callId, what, now)),
    };

    /// <summary>
    /// The outbound or non-queue call ended: the agent goes back to the state it was in before it (a pause with its
    /// reason, wrap-up until its end, No answer), or Ready; a wrap-up whose time passed during the call is over.
    /// </summary>
    public AgentDecision EndBusy(string callId, DateTimeOffset now)
    {
        if (Status != AgentStatus.Busy || TicketId != callId)
            return AgentDecision.Nothing;
        return BackFromBusy(callId, now) is { } back ? AgentDecision.Do(back) : AgentDecision.Do(new BecameReady("call ended", now));
    }

    /// <summary>The event that returns a Busy agent to its state before the call, or null when that is Ready.</summary>
    private BusyEnded? BackFromBusy(string callId, DateTimeOffset now) => BeforeBusy switch
    {
        { Status: AgentStatus.Paused } b => new BusyEnded(callId, AgentStatus.Paused, now) { PauseReason = b.PauseReason },
        { Status: AgentStatus.WrapUp, WrapUpEnds: { } ends } b when ends > now =>
            new BusyEnded(callId, AgentStatus.WrapUp, now) { Queue = b.Queue, WrapUpEnds = ends },
        { Status: AgentStatus.NoAnswer } => new BusyEnded(callId, AgentStatus.NoAnswer, now),
        _ => null,
    };

    /// <summary>
    /// After a restart the calls died with the process: an agent who was logged in comes back logged in and
    /// Ready, except that a pause (with its reason) is kept, as it is the agent's own choice: also one the agent
    /// was in when a Busy call started.
    /// </summary>
    public AgentDecision AfterRestart(DateTimeOffset now) => Status switch
    {
        AgentStatus.LoggedOut or AgentStatus.Ready or AgentStatus.Paused => AgentDecision.Nothing,
        AgentStatus.Busy when BeforeBusy is { Status: AgentStatus.Paused } && TicketId is { } call => AgentDecision.Do(BackFromBusy(call, now)!),
        _ => AgentDecision.Do(new BecameReady("contact centre restarted", now)),
    };

    public AgentState Apply(AgentStateEvent e) => e switch
    {
        LoggedIn l => this with
        {
            Device = l.Device, Queues = l.Queues,
            Status = LoggedIn ? Status : AgentStatus.Ready, Since = LoggedIn ? Since : l.At,
            NoAnswers = LoggedIn ? NoAnswers : 0, OfferErrors = LoggedIn ? OfferErrors : 0,
        },
        LoggedOut l => Enter(AgentStatus.LoggedOut, l.At) with { Device = null, Queues = [], NoAnswers = 0, OfferErrors = 0 },
        BecameReady r => Enter(AgentStatus.Ready, r.At),
        OfferRinging o => Enter(AgentStatus.Connecting, o.At) with { TicketId = o.TicketId, Queue = o.Queue },
        OfferMissed { Outcome: OfferOutcome.Withdrawn } m => this with { Since = m.At },
        OfferMissed m => Enter(AgentStatus.NoAnswer, m.At) with
        {
            TicketId = m.TicketId, Queue = Queue,
            NoAnswers = m.Outcome == OfferOutcome.Error ? NoAnswers : NoAnswers + 1,
            OfferErrors = m.Outcome == OfferOutcome.Error ? OfferErrors + 1 : 0,
        },
        CallConnected c => Enter(AgentStatus.Connected, c.At) with { TicketId = c.TicketId, Queue = Queue, NoAnswers = 0, OfferErrors = 0 },
        WrapUpStarted w => Enter(AgentStatus.WrapUp, w.At) with { Queue = w.Queue, WrapUpEnds = w.Ends },
        PauseStarted p => Enter(AgentStatus.Paused, p.At) with { PauseReason = p.Reason },
        BusyStarted b => Enter(AgentStatus.Busy, b.At) with
        {
            TicketId = b.CallId,
            BeforeBusy = new StateBeforeBusy(Status, PauseReason, Queue, WrapUpEnds),
        },
        BusyEnded b => Enter(b.Status, b.At) with { PauseReason = b.PauseReason, Queue = b.Queue, WrapUpEnds = b.WrapUpEnds },
        _ => this,
    };

    /// <summary>A new status clears what belonged to the old one (ticket, pause reason, wrap-up end, the state before Busy).</summary>
    private AgentState Enter(AgentStatus status, DateTimeOffset at) =>
        this with { Status = status, Since = at, PauseReason = null, TicketId = null, Queue = null, WrapUpEnds = null, BeforeBusy = null };

    /// <summary>The remaining wrap-up time at <paramref name="now"/>: null when not in wrap-up, zero when it is over.</summary>
    public TimeSpan? WrapUpLeft(DateTimeOffset now) =>
        Status == AgentStatus.WrapUp && WrapUpEnds is { } ends ? (ends > now ? ends - now : TimeSpan.Zero) : null;
}

/// <summary>
/// What a Busy agent was doing before its call, to go back to when the call ends. Rebuilt from the events on
/// recovery (the state when <see cref="BusyStarted"/> is applied), so it is not persisted itself.
/// </summary>
public sealed record StateBeforeBusy(AgentStatus Status, string? PauseReason, string? Queue, DateTimeOffset? WrapUpEnds);

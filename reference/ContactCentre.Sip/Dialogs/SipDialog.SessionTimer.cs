namespace ContactCentre.Sip;

/// <summary>
/// Session timers (RFC 4028): the 2xx of an INVITE or UPDATE fixes the interval and who refreshes; the
/// refresher re-offers its current SDP at half the interval, the other side sends BYE if no refresh came.
/// </summary>
public sealed partial class SipDialog
{
    private static readonly TimeSpan ExpiryMargin = TimeSpan.FromSeconds(32);
    private ITimer? _sessionTimer;
    private SessionTimerTerms? _session;
    private bool _weRefresh;
    private bool _peerAllowsUpdate;

    /// <summary>The negotiated session interval (RFC 4028 §7, §9), or null when the session has no timer.</summary>
    public TimeSpan? SessionInterval
    {
        get
        {
            lock (_gate)
            {
                return _session?.Interval;
            }
        }
    }

    /// <summary>True when this side sends the session refreshes.</summary>
    public bool IsSessionRefresher
    {
        get
        {
            lock (_gate)
            {
                return _session is not null && _weRefresh;
            }
        }
    }

    /// <summary>Our re-INVITE or UPDATE keeps the current interval and refresher role (RFC 4028 §7.4).</summary>
    private void AddSessionTimerHeaders(SipRequest request)
    {
        request.Headers.Add(HeaderNames.Supported, SessionTimerTerms.OptionTag);
        lock (_gate)
        {
            if (_session is { } session)
            {
                request.Headers.Add(SessionTimerTerms.SessionExpiresHeader,
                    (session with { Refresher = _weRefresh ? "uac" : "uas" }).ToString());
            }
        }
    }

    /// <summary>RFC 4028 §8.1: a refresh asking for less than our Min-SE is refused with 422.</summary>
    private bool NegotiateSessionTimer(SipServerRequest request, out Task? rejection)
    {
        var minimum = _endpoint.Options.MinSessionExpires;
        rejection = SessionTimerTerms.IsTooSmall(request.Request, minimum)
            ? request.RespondAsync(422, "Session Interval Too Small", extraHeaders: [SessionTimerTerms.MinSe(minimum)])
            : null;
        return rejection is null;
    }

    /// <summary>
    /// Adds the session timer terms to our 2xx for an INVITE or UPDATE (RFC 4028 §9): the interval asked for
    /// (or our own), the refresher asked for, else the UAC if it supports timers, else us.
    /// </summary>
    internal void PrepareResponse(SipRequest request, SipResponse response)
    {
        AddSessionTerms(request, response, _endpoint.Options.SessionExpires);
        // The new session is ours before the peer can see the 2xx that agrees it.
        if (response.IsSuccess && request.Method is SipMethods.Invite or SipMethods.Update)
        {
            UpdateSdp(response.BodyText, request.BodyText);
        }
    }

    internal static void AddSessionTerms(SipRequest request, SipResponse response, TimeSpan? ownInterval)
    {
        if (!response.IsSuccess || request.Method is not (SipMethods.Invite or SipMethods.Update))
        {
            return;
        }
        if (!SessionTimerTerms.Supports(response))
        {
            response.Headers.Add(HeaderNames.Supported, SessionTimerTerms.OptionTag);
        }
        var asked = SessionTimerTerms.From(request);
        if ((asked?.Interval ?? ownInterval) is not { } interval)
        {
            return;
        }
        var uacSupports = SessionTimerTerms.Supports(request);
        var refresher = uacSupports ? asked?.Refresher ?? "uac" : "uas";
        response.Headers.Set(SessionTimerTerms.SessionExpiresHeader, new SessionTimerTerms(interval, refresher).ToString());
        if (uacSupports)
        {
            response.Headers.Add("Require", SessionTimerTerms.OptionTag);
        }
    }

    /// <summary>
    /// A 2xx to an INVITE or UPDATE (re)starts the session timer (RFC 4028 §7.2, §9). <paramref name="asUac"/>
    /// says whether we sent the request; without Session-Expires in the 2xx, a UAC that asked refreshes itself.
    /// </summary>
    private void OnSessionRefreshed(SipRequest request, SipResponse response, bool asUac)
    {
        var allow = asUac ? response.Headers[HeaderNames.Allow] : request.Headers[HeaderNames.Allow];
        var terms = SessionTimerTerms.From(response);
        var weRefresh = terms?.Refresher is { } refresher && refresher == (asUac ? "uac" : "uas");
        if (terms is null && asUac && SessionTimerTerms.From(request) is { } asked)
        {
            terms = asked with { Refresher = "uac" };
            weRefresh = true;
        }
        lock (_gate)
        {
            if (allow is not null)
            {
                _peerAllowsUpdate = allow.Contains(SipMethods.Update, StringComparison.OrdinalIgnoreCase);
            }
            _session = terms;
            _weRefresh = weRefresh;
        }
        ArmSessionTimer(weRefresh ? terms?.Interval / 2 : UntilExpiry(terms?.Interval));
    }

    /// <summary>RFC 4028 §10: BYE at the interval minus min(32 s, a third of it).</summary>
    private static TimeSpan? UntilExpiry(TimeSpan? interval) =>
        interval is { } value ? value - SipTimers.Min(ExpiryMargin, value / 3) : null;

    private void ArmSessionTimer(TimeSpan? due)
    {
        lock (_gate)
        {
            _sessionTimer?.Dispose();
            _sessionTimer = null;
            if (due is { } delay && !IsTerminated)
            {
                _sessionTimer = _endpoint.Timers.Time.CreateTimer(_ => OnSessionTimer(), null, delay, Timeout.InfiniteTimeSpan);
            }
        }
    }

    private void OnSessionTimer()
    {
        if (IsTerminated)
        {
            return;
        }
        bool weRefresh;
        lock (_gate)
        {
            weRefresh = _weRefresh && _session is not null;
        }
        _ = weRefresh ? RefreshSessionAsync() : HangUpAsync("session expired");
    }

    /// <summary>Re-offers the current SDP: UPDATE when the peer allows it, else re-INVITE (RFC 4028 §7.4).</summary>
    private async Task RefreshSessionAsync()
    {
        TimeSpan? interval;
        lock (_gate)
        {
            interval = _session?.Interval;
        }
        try
        {
            var response = Volatile.Read(ref _peerAllowsUpdate)
                ? await UpdateAsync(LocalSdp).ConfigureAwait(false)
                : await ReinviteAsync(LocalSdp).ConfigureAwait(false);
            if (response.IsSuccess || IsTerminated)
            {
                return;
            }
            _endpoint.Log($"Session refresh of {CallId} got {response.StatusCode}; the session ends unless the peer refreshes");
        }
        catch (Exception e) when (e is InvalidOperationException or ObjectDisposedException)
        {
            // Another offer is in progress; its 2xx refreshes the session too.
        }
        ArmSessionTimer(UntilExpiry(interval) - interval / 2);
    }

    partial void OnEnding() => ArmSessionTimer(null);
}

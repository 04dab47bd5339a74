using System.Net;

namespace ContactCentre.Sip.Tests;

/// <summary>RFC 4028 session timers, stepped on a manual clock.</summary>
[Trait("Category", "Integration")]
public sealed class SessionTimerSpec : IDisposable
{
    private readonly ManualClock _clock = new();
    private readonly RawUdpPeer _peer = new();

    public void Dispose() => _peer.Dispose();

    private Task<SipEndpoint> StartAsync(TimeSpan? sessionExpires = null) =>
        SipEndpoint.StartAsync(new SipEndpointOptions(IPAddress.Loopback, 0) { Time = _clock, SessionExpires = sessionExpires });

    private async Task<(SipDialog Caller, SipDialog Callee)> CallAsync(SipEndpoint caller, SipEndpoint callee, params KeyValuePair<string, string>[] headers)
    {
        var answered = new TaskCompletionSource<SipDialog>(TaskCreationOptions.RunContinuationsAsynchronously);
        callee.OnInvite = async call => answered.SetResult(await call.AcceptAsync(TestEndpoints.Offer(50000)));
        var result = await caller.InviteAsync(TestEndpoints.CallTo(callee, TestEndpoints.Offer()) with { ExtraHeaders = headers })
            .WaitAsync(TestEndpoints.Timeout);
        Assert.True(result.Answered);
        return (result.Dialog!, await answered.Task.WaitAsync(TestEndpoints.Timeout));
    }

    [Fact]
    public async Task The_uac_that_asks_to_refresh_refreshes_at_half_the_interval_and_the_call_survives()
    {
        await using var caller = await StartAsync();
        await using var callee = await StartAsync();
        var (callerDialog, calleeDialog) = await CallAsync(caller, callee,
            new("Supported", "timer"), new("Session-Expires", "120;refresher=uac"));
        var refreshedAt = new System.Collections.Concurrent.ConcurrentQueue<TimeSpan>();
        calleeDialog.RequestReceived += async request =>
        {
            refreshedAt.Enqueue(TimeSpan.FromTicks(_clock.GetTimestamp()));
            await request.RespondAsync(200, "OK", "application/sdp", System.Text.Encoding.UTF8.GetBytes(calleeDialog.LocalSdp));
        };

        Assert.Equal(TimeSpan.FromSeconds(120), callerDialog.SessionInterval);
        Assert.True(callerDialog.IsSessionRefresher);
        Assert.Equal(TimeSpan.FromSeconds(120), calleeDialog.SessionInterval);
        Assert.False(calleeDialog.IsSessionRefresher);
        // Second by second, so each refresh's 2xx is processed before the clock moves on much.
        for (var second = 0; second < 300 && refreshedAt.Count < 3; second++)
        {
            var seen = refreshedAt.Count;
            _clock.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(20);
            if (refreshedAt.Count > seen)
            {
                await TestEndpoints.EventuallyAsync(() => _clock.PendingTimers > 0, "the refresher re-arms");
            }
        }

        Assert.Equal(3, refreshedAt.Count);
        // Due at exactly 60 s; it is timestamped on arrival, which may be a clock step later.
        Assert.InRange(refreshedAt.First(), TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(62));
        Assert.False(callerDialog.IsTerminated);
        Assert.False(calleeDialog.IsTerminated);
    }

    [Fact]
    public async Task Without_a_refresh_the_other_side_hangs_up_before_the_session_expires()
    {
        await using var callee = await StartAsync();
        callee.OnInvite = async call => await call.AcceptAsync(TestEndpoints.Offer(50000));
        var invite = _peer.Request("INVITE", "z9hG4bKse", "expiring", body: TestEndpoints.Offer()).ToList();
        invite.Insert(1, "Session-Expires: 90;refresher=uac");
        invite.Insert(1, "Supported: timer");

        await _peer.SendAsync(callee.LocalEndPoint, [.. invite]);
        var ok = await _peer.ReceiveAsync<SipResponse>(r => r.StatusCode == 200);
        await _peer.SendAsync(callee.LocalEndPoint, _peer.Request("ACK", "z9hG4bKseack", "expiring", toTag: ok.ToTag!));
        await TestEndpoints.EventuallyAsync(() => callee.ActiveServerTransactionCount == 0, "the ACK is in");
        _clock.Advance(TimeSpan.FromSeconds(59));
        Assert.Null(await _peer.ReceiveAsync(TimeSpan.FromMilliseconds(200)));
        _clock.Advance(TimeSpan.FromSeconds(1));
        var bye = await _peer.ReceiveAsync<SipRequest>(r => r.Method == "BYE");

        Assert.Equal("90;refresher=uac", ok.Headers["Session-Expires"]);
        Assert.Equal("timer", ok.Headers["Require"]);
        Assert.Equal("expiring", bye.CallId);
    }

    [Fact]
    public async Task A_session_interval_below_min_se_gets_422()
    {
        await using var callee = await StartAsync();
        callee.OnInvite = call => call.AcceptAsync(TestEndpoints.Offer(50000));
        var invite = _peer.Request("INVITE", "z9hG4bKsmall", "too-small", body: TestEndpoints.Offer()).ToList();
        invite.Insert(1, "Session-Expires: 30");

        await _peer.SendAsync(callee.LocalEndPoint, [.. invite]);
        var response = await _peer.ReceiveAsync<SipResponse>(r => r.StatusCode >= 200);

        Assert.Equal(422, response.StatusCode);
        Assert.Equal("90", response.Headers["Min-SE"]);
    }

    [Fact]
    public async Task A_uas_with_its_own_interval_refreshes_a_caller_that_does_not_support_timers()
    {
        await using var caller = await StartAsync();
        await using var callee = await StartAsync(sessionExpires: TimeSpan.FromSeconds(1800));

        var (callerDialog, calleeDialog) = await CallAsync(caller, callee);

        Assert.Equal(TimeSpan.FromSeconds(1800), calleeDialog.SessionInterval);
        Assert.True(calleeDialog.IsSessionRefresher);
        Assert.False(callerDialog.IsSessionRefresher);
    }
}

namespace ContactCentre.Sip.Tests;

[Trait("Category", "Integration")]
public sealed class ServerRetransmissionSpec : IAsyncLifetime
{
    private readonly RawUdpPeer _caller = new();
    private SipEndpoint _endpoint = null!;

    public async Task InitializeAsync() => _endpoint = await TestEndpoints.StartAsync();

    public async Task DisposeAsync()
    {
        _caller.Dispose();
        await _endpoint.DisposeAsync();
    }

    [Fact]
    public async Task A_retransmitted_invite_is_answered_again_but_delivered_once()
    {
        var invites = 0;
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _endpoint.OnInvite = async call =>
        {
            Interlocked.Increment(ref invites);
            await call.RingAsync();
            await release.Task; // Still ringing: a handler that returns without answering gets 500.
        };
        var invite = _caller.Request("INVITE", "z9hG4bKretx", "retx-1", body: TestEndpoints.Offer());

        await _caller.SendAsync(_endpoint.LocalEndPoint, invite);
        await _caller.ReceiveAsync<SipResponse>(r => r.StatusCode == 180);
        await _caller.SendAsync(_endpoint.LocalEndPoint, invite);
        var repeated = await _caller.ReceiveAsync<SipResponse>(_ => true);

        Assert.Equal(180, repeated.StatusCode);
        Assert.Equal(1, invites);
        release.SetResult();
    }

    /// <summary>
    /// RFC 6026 "Accepted" state: an INVITE retransmission that crossed our 2xx is absorbed; only the UAS core's
    /// timer repeats the 2xx. The clock is stopped, so that timer stays silent, and the in-dialog OPTIONS sent right
    /// behind the retransmission (handled in arrival order) must be the next thing answered.
    /// </summary>
    [Fact]
    public async Task A_retransmitted_invite_after_the_200_is_absorbed_not_answered_again()
    {
        await using var endpoint = await SipEndpoint.StartAsync(
            new SipEndpointOptions(System.Net.IPAddress.Loopback, 0, EnableTcp: false) { Time = new ManualClock() });
        endpoint.OnInvite = async call => await call.AcceptAsync(TestEndpoints.Offer(41000));
        var invite = _caller.Request("INVITE", "z9hG4bKaccepted", "accepted-1", body: TestEndpoints.Offer());
        await _caller.SendAsync(endpoint.LocalEndPoint, invite);
        var ok = await _caller.ReceiveAsync<SipResponse>(r => r.StatusCode == 200);

        await _caller.SendAsync(endpoint.LocalEndPoint, invite);
        await _caller.SendAsync(endpoint.LocalEndPoint,
            _caller.Request("OPTIONS", "z9hG4bKaccepted-opt", "accepted-1", toTag: ok.ToTag!, cseq: 2));
        var next = await _caller.ReceiveAsync<SipResponse>(_ => true);

        Assert.Equal("OPTIONS", next.CSeq?.Method);
    }

    [Fact]
    public async Task The_200_is_retransmitted_until_the_ack_arrives()
    {
        var accepted = new TaskCompletionSource<Task<SipDialog>>(TaskCreationOptions.RunContinuationsAsynchronously);
        _endpoint.OnInvite = call =>
        {
            accepted.SetResult(call.AcceptAsync(TestEndpoints.Offer(41000)));
            return Task.CompletedTask;
        };
        await _caller.SendAsync(_endpoint.LocalEndPoint, _caller.Request("INVITE", "z9hG4bKok", "ok-retx", body: TestEndpoints.Offer()));

        var first = await _caller.ReceiveAsync<SipResponse>(r => r.StatusCode == 200);
        await _caller.ReceiveAsync<SipResponse>(r => r.StatusCode == 200);
        await _caller.ReceiveAsync<SipResponse>(r => r.StatusCode == 200);
        var acceptance = await accepted.Task.WaitAsync(TestEndpoints.Timeout);
        Assert.False(acceptance.IsCompleted);

        await _caller.SendAsync(_endpoint.LocalEndPoint, _caller.Request("ACK", "z9hG4bKack", "ok-retx", toTag: first.ToTag!));
        var dialog = await acceptance.WaitAsync(TestEndpoints.Timeout);

        Assert.Equal("ok-retx", dialog.CallId);
        Assert.Equal("application/sdp", first.ContentType);
        Assert.NotNull(first.Headers["Contact"]);
        Assert.Equal(1, _endpoint.ActiveDialogCount);
    }

    [Fact]
    public async Task Without_an_ack_accept_fails_on_timer_h_and_hangs_up()
    {
        var accepted = new TaskCompletionSource<Task<SipDialog>>(TaskCreationOptions.RunContinuationsAsynchronously);
        _endpoint.OnInvite = call =>
        {
            accepted.SetResult(call.AcceptAsync(TestEndpoints.Offer(41000)));
            return Task.CompletedTask;
        };
        await _caller.SendAsync(_endpoint.LocalEndPoint, _caller.Request("INVITE", "z9hG4bKnoack", "no-ack", body: TestEndpoints.Offer()));
        var acceptance = await accepted.Task.WaitAsync(TestEndpoints.Timeout);

        await Assert.ThrowsAsync<SipTransactionException>(() => acceptance.WaitAsync(TestEndpoints.Timeout));
        var bye = await _caller.ReceiveAsync<SipRequest>(r => r.Method == "BYE");

        Assert.Equal("no-ack", bye.CallId);
        Assert.Equal(0, _endpoint.ActiveDialogCount);
    }

    [Fact]
    public async Task A_rejection_is_retransmitted_until_acked()
    {
        _endpoint.OnInvite = call => call.RejectAsync(603, "Decline");
        await _caller.SendAsync(_endpoint.LocalEndPoint, _caller.Request("INVITE", "z9hG4bKrej", "reject", body: TestEndpoints.Offer()));

        var first = await _caller.ReceiveAsync<SipResponse>(r => r.StatusCode == 603);
        await _caller.ReceiveAsync<SipResponse>(r => r.StatusCode == 603);
        await _caller.SendAsync(_endpoint.LocalEndPoint, _caller.Request("ACK", "z9hG4bKrej", "reject", toTag: first.ToTag!));

        await TestEndpoints.NothingLeftBehindAsync(_endpoint);
    }
}

using System.Text;

namespace ContactCentre.Sip.Tests;

[Trait("Category", "Integration")]
public sealed class SessionModificationSpec : IAsyncLifetime
{
    private ConnectedCall _call = null!;

    public async Task InitializeAsync() => _call = await ConnectedCall.StartAsync();

    public Task DisposeAsync() => _call.DisposeAsync().AsTask();

    private static string Direction(string sdp)
    {
        Assert.True(SdpMessage.TryParse(sdp, out var parsed, out var error), error);
        return parsed!.Audio!.Direction;
    }

    /// <summary>The callee answers every offer with the direction that mirrors it (sendonly → recvonly).</summary>
    private TaskCompletionSource<SipRequest> AnswerOffersAtCallee()
    {
        var received = new TaskCompletionSource<SipRequest>(TaskCreationOptions.RunContinuationsAsynchronously);
        _call.CalleeDialog.RequestReceived += async request =>
        {
            var answer = Direction(request.Request.BodyText) switch
            {
                "sendonly" => "recvonly",
                "inactive" => "inactive",
                _ => "sendrecv",
            };
            await request.RespondAsync(200, "OK", "application/sdp", Encoding.UTF8.GetBytes(ConnectedCall.Sdp(50002, answer)));
            received.TrySetResult(request.Request);
        };
        return received;
    }

    [Fact]
    public async Task A_re_invite_with_sendonly_puts_the_call_on_hold_on_both_sides()
    {
        var received = AnswerOffersAtCallee();

        var response = await _call.CallerDialog.ReinviteAsync(ConnectedCall.Sdp(40002, "sendonly")).WaitAsync(TestEndpoints.Timeout);

        Assert.Equal(200, response.StatusCode);
        var reinvite = await received.Task.WaitAsync(TestEndpoints.Timeout);
        Assert.Equal((2u, "INVITE"), reinvite.CSeq);
        Assert.Equal(_call.CallerDialog.LocalTag, reinvite.FromTag);
        Assert.Equal(_call.CalleeDialog.LocalTag, reinvite.ToTag);
        Assert.Equal("sendonly", Direction(_call.CallerDialog.LocalSdp));
        Assert.Equal("recvonly", Direction(_call.CallerDialog.RemoteSdp));
        Assert.Equal("sendonly", Direction(_call.CalleeDialog.RemoteSdp));
        Assert.Equal("recvonly", Direction(_call.CalleeDialog.LocalSdp));
        // The ACK for the re-INVITE's 2xx ends the callee's retransmissions and leaves nothing open.
        await TestEndpoints.EventuallyAsync(() => _call.Callee.ActiveServerTransactionCount == 0, "the re-INVITE is ACKed");
        await TestEndpoints.EventuallyAsync(() => _call.Caller.ActiveClientTransactionCount == 0, "the re-INVITE transaction ends");
        Assert.False(_call.CalleeDialog.IsTerminated);
    }

    [Fact]
    public async Task Hold_then_unhold_by_re_invite_returns_to_sendrecv()
    {
        AnswerOffersAtCallee();

        await _call.CallerDialog.ReinviteAsync(ConnectedCall.Sdp(40002, "inactive")).WaitAsync(TestEndpoints.Timeout);
        Assert.Equal("inactive", Direction(_call.CalleeDialog.RemoteSdp));
        await TestEndpoints.EventuallyAsync(() => _call.Callee.ActiveServerTransactionCount == 0, "the first re-INVITE is ACKed");
        var resumed = await _call.CallerDialog.ReinviteAsync(ConnectedCall.Sdp(40002, "sendrecv")).WaitAsync(TestEndpoints.Timeout);

        Assert.Equal(200, resumed.StatusCode);
        Assert.Equal("sendrecv", Direction(_call.CalleeDialog.RemoteSdp));
        Assert.Equal("sendrecv", Direction(_call.CallerDialog.RemoteSdp));
    }

    [Fact]
    public async Task The_callee_can_hold_the_caller_with_update()
    {
        var received = new TaskCompletionSource<SipRequest>(TaskCreationOptions.RunContinuationsAsynchronously);
        _call.CallerDialog.RequestReceived += async request =>
        {
            received.SetResult(request.Request);
            await request.RespondAsync(200, "OK", "application/sdp", Encoding.UTF8.GetBytes(ConnectedCall.Sdp(40004, "recvonly")));
        };

        var response = await _call.CalleeDialog.UpdateAsync(ConnectedCall.Sdp(50004, "sendonly")).WaitAsync(TestEndpoints.Timeout);

        Assert.Equal(200, response.StatusCode);
        var update = await received.Task.WaitAsync(TestEndpoints.Timeout);
        Assert.Equal("UPDATE", update.Method);
        Assert.NotNull(update.Headers["Contact"]);
        Assert.NotNull(response.Headers["Contact"]);
        Assert.Equal("sendonly", Direction(_call.CallerDialog.RemoteSdp));
        Assert.Equal("recvonly", Direction(_call.CalleeDialog.RemoteSdp));
    }

    [Fact]
    public async Task A_re_invite_nobody_handles_is_refused_with_488_and_the_call_goes_on()
    {
        var response = await _call.CallerDialog.ReinviteAsync(ConnectedCall.Sdp(40002, "sendonly")).WaitAsync(TestEndpoints.Timeout);

        Assert.Equal(488, response.StatusCode);
        Assert.Equal("sendrecv", Direction(_call.CalleeDialog.RemoteSdp));
        Assert.False(_call.CallerDialog.IsTerminated);
        var info = await _call.CallerDialog.SendRequestAsync("INFO").WaitAsync(TestEndpoints.Timeout);
        Assert.Equal(200, info.StatusCode);
    }

    [Fact]
    public async Task A_second_offer_while_one_is_pending_is_refused_locally()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _call.CalleeDialog.RequestReceived += async request =>
        {
            await release.Task;
            await request.RespondAsync(200, "OK", "application/sdp", Encoding.UTF8.GetBytes(ConnectedCall.Sdp(50002, "recvonly")));
        };
        var first = _call.CallerDialog.ReinviteAsync(ConnectedCall.Sdp(40002, "sendonly"));

        await Assert.ThrowsAsync<InvalidOperationException>(() => _call.CallerDialog.UpdateAsync(ConnectedCall.Sdp(40002, "inactive")));
        release.SetResult();
        Assert.Equal(200, (await first.WaitAsync(TestEndpoints.Timeout)).StatusCode);
    }

    [Fact]
    public async Task A_bye_after_a_re_invite_leaves_nothing_behind()
    {
        AnswerOffersAtCallee();
        await _call.CallerDialog.ReinviteAsync(ConnectedCall.Sdp(40002, "sendonly")).WaitAsync(TestEndpoints.Timeout);

        await _call.CalleeDialog.HangUpAsync().WaitAsync(TestEndpoints.Timeout);

        await TestEndpoints.EventuallyAsync(() => _call.CallerDialog.IsTerminated, "the caller's dialog ends on BYE");
        await TestEndpoints.NothingLeftBehindAsync(_call.Caller, _call.Callee);
    }
}

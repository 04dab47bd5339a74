using System.Collections.Concurrent;
using System.Text;

namespace ContactCentre.Sip.Tests;

[Trait("Category", "Integration")]
public sealed class CallSetupSpec : IAsyncLifetime
{
    private SipEndpoint _caller = null!;
    private SipEndpoint _callee = null!;

    public async Task InitializeAsync()
    {
        _caller = await TestEndpoints.StartAsync();
        _callee = await TestEndpoints.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _caller.DisposeAsync();
        await _callee.DisposeAsync();
    }

    private TaskCompletionSource<SipDialog> AnswerWith(string answer)
    {
        var answered = new TaskCompletionSource<SipDialog>(TaskCreationOptions.RunContinuationsAsynchronously);
        _callee.OnInvite = async call =>
        {
            await call.RingAsync();
            answered.SetResult(await call.AcceptAsync(answer));
        };
        return answered;
    }

    private static TaskCompletionSource<string> WhenTerminated(SipDialog dialog)
    {
        var terminated = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        dialog.Terminated += (_, reason) => terminated.TrySetResult(reason);
        return terminated;
    }

    [Fact]
    public async Task An_answered_call_gives_both_sides_a_dialog_with_the_others_sdp()
    {
        var offer = TestEndpoints.Offer(40000);
        var answer = TestEndpoints.Offer(50000);
        var answered = AnswerWith(answer);
        var provisional = new ConcurrentQueue<int>();

        var result = await _caller.InviteAsync(TestEndpoints.CallTo(_callee, offer) with
        {
            OnProvisional = r => provisional.Enqueue(r.StatusCode),
        }).WaitAsync(TestEndpoints.Timeout);
        var calleeDialog = await answered.Task.WaitAsync(TestEndpoints.Timeout);

        Assert.True(result.Answered);
        Assert.Equal(200, result.FinalResponse.StatusCode);
        Assert.Contains(180, provisional);
        var callerDialog = result.Dialog!;
        Assert.Equal(answer, callerDialog.RemoteSdp);
        Assert.Equal(offer, callerDialog.LocalSdp);
        Assert.Equal(offer, calleeDialog.RemoteSdp);
        Assert.Equal(answer, calleeDialog.LocalSdp);
        Assert.Equal(callerDialog.CallId, calleeDialog.CallId);
        Assert.Equal(callerDialog.LocalTag, calleeDialog.RemoteTag);
        Assert.Equal(calleeDialog.LocalTag, callerDialog.RemoteTag);
        Assert.Equal(_callee.ContactUri("queue-sales"), callerDialog.RemoteTarget);
        Assert.Equal(1, _caller.ActiveDialogCount);
        Assert.Equal(1, _callee.ActiveDialogCount);

        await callerDialog.HangUpAsync().WaitAsync(TestEndpoints.Timeout);
    }

    [Fact]
    public async Task A_bye_from_the_caller_ends_both_dialogs_and_leaves_nothing_behind()
    {
        var answered = AnswerWith(TestEndpoints.Offer());
        var result = await _caller.InviteAsync(TestEndpoints.CallTo(_callee, TestEndpoints.Offer())).WaitAsync(TestEndpoints.Timeout);
        var calleeDialog = await answered.Task.WaitAsync(TestEndpoints.Timeout);
        var callerEnded = WhenTerminated(result.Dialog!);
        var calleeEnded = WhenTerminated(calleeDialog);

        await result.Dialog!.HangUpAsync().WaitAsync(TestEndpoints.Timeout);

        Assert.Equal("local BYE", await callerEnded.Task.WaitAsync(TestEndpoints.Timeout));
        Assert.Equal("remote BYE", await calleeEnded.Task.WaitAsync(TestEndpoints.Timeout));
        Assert.True(result.Dialog.IsTerminated);
        Assert.True(calleeDialog.IsTerminated);
        await TestEndpoints.NothingLeftBehindAsync(_caller, _callee);
    }

    [Fact]
    public async Task A_bye_from_the_callee_ends_both_dialogs_and_leaves_nothing_behind()
    {
        var answered = AnswerWith(TestEndpoints.Offer());
        var result = await _caller.InviteAsync(TestEndpoints.CallTo(_callee, TestEndpoints.Offer())).WaitAsync(TestEndpoints.Timeout);
        var calleeDialog = await answered.Task.WaitAsync(TestEndpoints.Timeout);
        var callerEnded = WhenTerminated(result.Dialog!);
        var terminations = 0;
        calleeDialog.Terminated += (_, _) => Interlocked.Increment(ref terminations);

        await calleeDialog.HangUpAsync().WaitAsync(TestEndpoints.Timeout);
        await calleeDialog.HangUpAsync().WaitAsync(TestEndpoints.Timeout);

        Assert.Equal("remote BYE", await callerEnded.Task.WaitAsync(TestEndpoints.Timeout));
        Assert.Equal(1, terminations);
        await TestEndpoints.NothingLeftBehindAsync(_caller, _callee);
    }

    [Fact]
    public async Task Cancelling_before_answer_gives_487_and_fires_the_cancelled_token()
    {
        var cancelledAtCallee = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _callee.OnInvite = async call =>
        {
            call.Cancelled.Register(() => cancelledAtCallee.TrySetResult());
            await call.RingAsync();
            await cancelledAtCallee.Task;
        };
        using var hangUp = new CancellationTokenSource();

        var result = await _caller.InviteAsync(TestEndpoints.CallTo(_callee, TestEndpoints.Offer()) with
        {
            OnProvisional = r =>
            {
                if (r.StatusCode == 180)
                {
                    hangUp.Cancel();
                }
            },
        }, hangUp.Token).WaitAsync(TestEndpoints.Timeout);

        Assert.Equal(487, result.FinalResponse.StatusCode);
        Assert.False(result.Answered);
        await cancelledAtCallee.Task.WaitAsync(TestEndpoints.Timeout);
        await TestEndpoints.NothingLeftBehindAsync(_caller, _callee);
    }

    [Fact]
    public async Task A_rejected_call_returns_the_rejection()
    {
        _callee.OnInvite = call => call.RejectAsync(486, "Busy Here");

        var result = await _caller.InviteAsync(TestEndpoints.CallTo(_callee, TestEndpoints.Offer())).WaitAsync(TestEndpoints.Timeout);

        Assert.Equal(486, result.FinalResponse.StatusCode);
        Assert.Equal("Busy Here", result.FinalResponse.Reason);
        Assert.Null(result.Dialog);
        await TestEndpoints.NothingLeftBehindAsync(_caller, _callee);
    }

    [Fact]
    public async Task Without_an_invite_handler_calls_get_480()
    {
        var result = await _caller.InviteAsync(TestEndpoints.CallTo(_callee, TestEndpoints.Offer())).WaitAsync(TestEndpoints.Timeout);

        Assert.Equal(480, result.FinalResponse.StatusCode);
    }

    [Fact]
    public async Task Info_inside_a_dialog_reaches_the_other_sides_handler()
    {
        var answered = AnswerWith(TestEndpoints.Offer());
        var result = await _caller.InviteAsync(TestEndpoints.CallTo(_callee, TestEndpoints.Offer())).WaitAsync(TestEndpoints.Timeout);
        var calleeDialog = await answered.Task.WaitAsync(TestEndpoints.Timeout);
        var received = new TaskCompletionSource<SipRequest>(TaskCreationOptions.RunContinuationsAsynchronously);
        calleeDialog.RequestReceived += async request =>
        {
            received.SetResult(request.Request);
            await request.RespondAsync(200, "OK");
        };

        var response = await result.Dialog!.SendRequestAsync("INFO", "application/dtmf-relay", Encoding.UTF8.GetBytes("Signal=5\r\nDuration=160\r\n"))
            .WaitAsync(TestEndpoints.Timeout);

        Assert.Equal(200, response.StatusCode);
        var info = await received.Task.WaitAsync(TestEndpoints.Timeout);
        Assert.Equal("application/dtmf-relay", info.ContentType);
        Assert.Equal("Signal=5\r\nDuration=160\r\n", info.BodyText);
        Assert.Equal((2u, "INFO"), info.CSeq);
        await result.Dialog.HangUpAsync().WaitAsync(TestEndpoints.Timeout);
        await TestEndpoints.NothingLeftBehindAsync(_caller, _callee);
    }

    [Fact]
    public async Task Options_and_info_inside_a_dialog_are_answered_without_a_handler()
    {
        var answered = AnswerWith(TestEndpoints.Offer());
        var result = await _caller.InviteAsync(TestEndpoints.CallTo(_callee, TestEndpoints.Offer())).WaitAsync(TestEndpoints.Timeout);
        await answered.Task.WaitAsync(TestEndpoints.Timeout);

        var options = await result.Dialog!.SendRequestAsync("OPTIONS").WaitAsync(TestEndpoints.Timeout);
        var info = await result.Dialog.SendRequestAsync("INFO").WaitAsync(TestEndpoints.Timeout);

        Assert.Equal(200, options.StatusCode);
        Assert.Contains("BYE", options.Headers["Allow"]);
        Assert.Equal(200, info.StatusCode);
        Assert.Equal(result.Dialog.RemoteTag, info.ToTag);
        await result.Dialog.HangUpAsync().WaitAsync(TestEndpoints.Timeout);
    }

    [Fact]
    public async Task Options_is_answered_with_what_the_endpoint_allows_and_accepts()
    {
        var response = await _caller.SendRequestAsync(new SipRequest("OPTIONS", _callee.ContactUri("probe")), _callee.LocalEndPoint)
            .WaitAsync(TestEndpoints.Timeout);

        Assert.Equal(200, response.StatusCode);
        Assert.Contains("INVITE", response.Headers["Allow"]);
        Assert.Equal("application/sdp", response.Headers["Accept"]);
        Assert.Equal("ContactCentreRef", response.Headers["Server"]);
        await TestEndpoints.NothingLeftBehindAsync(_caller, _callee);
    }

    [Fact]
    public async Task Out_of_dialog_requests_go_to_the_request_handler_or_get_405_and_501()
    {
        var unhandled = await _caller.SendRequestAsync(new SipRequest("MESSAGE", _callee.ContactUri("agent")), _callee.LocalEndPoint)
            .WaitAsync(TestEndpoints.Timeout);
        var unknown = await _caller.SendRequestAsync(new SipRequest("FROBNICATE", _callee.ContactUri("agent")), _callee.LocalEndPoint)
            .WaitAsync(TestEndpoints.Timeout);
        _callee.OnRequest = request => request.RespondAsync(202, "Accepted");
        var handled = await _caller.SendRequestAsync(new SipRequest("MESSAGE", _callee.ContactUri("agent")), _callee.LocalEndPoint)
            .WaitAsync(TestEndpoints.Timeout);

        Assert.Equal(405, unhandled.StatusCode);
        Assert.Contains("INVITE", unhandled.Headers["Allow"]);
        Assert.Equal(501, unknown.StatusCode);
        Assert.Equal(202, handled.StatusCode);
    }

    [Fact]
    public async Task A_call_to_nobody_times_out_with_408_after_retransmitting_the_invite()
    {
        using var silent = new RawUdpPeer();
        var copies = 0;
        var counting = Task.Run(async () =>
        {
            while (await silent.ReceiveAsync(TimeSpan.FromSeconds(3)) is SipRequest { Method: "INVITE" })
            {
                Interlocked.Increment(ref copies);
            }
        });

        var result = await _caller.InviteAsync(TestEndpoints.CallTo(_callee, TestEndpoints.Offer()) with
        {
            Destination = silent.LocalEndPoint,
        }).WaitAsync(TestEndpoints.Timeout);

        Assert.Equal(408, result.FinalResponse.StatusCode);
        Assert.True(Volatile.Read(ref copies) >= 3, $"expected timer A retransmissions, saw {copies} INVITE copies");
        await TestEndpoints.NothingLeftBehindAsync(_caller);
    }
}

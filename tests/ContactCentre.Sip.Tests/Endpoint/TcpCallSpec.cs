namespace ContactCentre.Sip.Tests;

[Trait("Category", "Integration")]
public sealed class TcpCallSpec
{
    [Fact]
    public async Task A_call_over_tcp_sets_up_and_hangs_up()
    {
        await using var caller = await TestEndpoints.StartAsync();
        await using var callee = await TestEndpoints.StartAsync();
        var answer = TestEndpoints.Offer(52000);
        var answered = new TaskCompletionSource<SipDialog>(TaskCreationOptions.RunContinuationsAsynchronously);
        var transport = new TaskCompletionSource<SipTransportKind>(TaskCreationOptions.RunContinuationsAsynchronously);
        callee.OnInvite = async call =>
        {
            transport.SetResult(call.Transport);
            await call.RingAsync();
            answered.SetResult(await call.AcceptAsync(answer));
        };

        var result = await caller.InviteAsync(TestEndpoints.CallTo(callee, TestEndpoints.Offer(), SipTransportKind.Tcp))
            .WaitAsync(TestEndpoints.Timeout);
        var calleeDialog = await answered.Task.WaitAsync(TestEndpoints.Timeout);
        var callerEnded = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        result.Dialog!.Terminated += (_, reason) => callerEnded.TrySetResult(reason);

        Assert.Equal(SipTransportKind.Tcp, await transport.Task);
        Assert.Equal(answer, result.Dialog.RemoteSdp);
        Assert.StartsWith("SIP/2.0/TCP", result.FinalResponse.TopVia);
        Assert.Contains("transport=tcp", result.Dialog.RemoteTarget);

        var info = await calleeDialog.SendRequestAsync("INFO").WaitAsync(TestEndpoints.Timeout);
        Assert.Equal(200, info.StatusCode);
        await calleeDialog.HangUpAsync().WaitAsync(TestEndpoints.Timeout);

        Assert.Equal("remote BYE", await callerEnded.Task.WaitAsync(TestEndpoints.Timeout));
        await TestEndpoints.NothingLeftBehindAsync(caller, callee);
    }
}

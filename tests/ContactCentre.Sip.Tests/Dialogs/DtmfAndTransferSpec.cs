using System.Collections.Concurrent;

namespace ContactCentre.Sip.Tests;

[Trait("Category", "Integration")]
public sealed class DtmfAndTransferSpec : IAsyncLifetime
{
    private ConnectedCall _call = null!;

    public async Task InitializeAsync() => _call = await ConnectedCall.StartAsync();

    public Task DisposeAsync() => _call.DisposeAsync().AsTask();

    [Fact]
    public async Task A_digit_sent_by_info_is_raised_at_the_other_side()
    {
        var digits = new ConcurrentQueue<char>();
        var got = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _call.CalleeDialog.DtmfReceived += (dialog, digit) =>
        {
            Assert.Same(_call.CalleeDialog, dialog);
            digits.Enqueue(digit);
            if (digits.Count == 2)
            {
                got.SetResult();
            }
        };

        var five = await _call.CallerDialog.SendDtmfAsync('5').WaitAsync(TestEndpoints.Timeout);
        var hash = await _call.CallerDialog.SendDtmfAsync('#').WaitAsync(TestEndpoints.Timeout);
        await got.Task.WaitAsync(TestEndpoints.Timeout);

        Assert.Equal(200, five.StatusCode);
        Assert.Equal(200, hash.StatusCode);
        Assert.Equal(['5', '#'], digits);
    }

    [Fact]
    public async Task A_blind_transfer_delivers_refer_to_and_reports_progress_by_notify()
    {
        var requested = new TaskCompletionSource<SipTransfer>(TaskCreationOptions.RunContinuationsAsynchronously);
        _call.CalleeDialog.TransferRequested += (_, transfer) => requested.SetResult(transfer);
        var progress = new ConcurrentQueue<TransferProgress>();
        var finished = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _call.CallerDialog.TransferProgressed += (_, step) =>
        {
            progress.Enqueue(step);
            if (step.IsFinal)
            {
                finished.SetResult();
            }
        };

        var accepted = await _call.CallerDialog.ReferAsync("sip:sales-agent-7@127.0.0.1:5099").WaitAsync(TestEndpoints.Timeout);
        var transfer = await requested.Task.WaitAsync(TestEndpoints.Timeout);
        var trying = await transfer.NotifyAsync(100, "Trying").WaitAsync(TestEndpoints.Timeout);
        var done = await transfer.NotifyAsync(200, "OK").WaitAsync(TestEndpoints.Timeout);
        await finished.Task.WaitAsync(TestEndpoints.Timeout);

        Assert.Equal(202, accepted.StatusCode);
        Assert.Equal("sip:sales-agent-7@127.0.0.1:5099", transfer.ReferTo);
        Assert.Null(transfer.Replaces);
        Assert.Equal(200, trying.StatusCode);
        Assert.Equal(200, done.StatusCode);
        Assert.Equal([new TransferProgress(100, "Trying"), new TransferProgress(200, "OK")], progress);
        Assert.True(progress.Last().Succeeded);
    }

    [Fact]
    public async Task A_refer_nobody_handles_is_declined()
    {
        var response = await _call.CallerDialog.ReferAsync("sip:someone@127.0.0.1").WaitAsync(TestEndpoints.Timeout);

        Assert.Equal(603, response.StatusCode);
    }

    [Fact]
    public async Task An_attended_transfer_carries_replaces_that_matches_the_consulted_dialog()
    {
        await using var consulted = await ConnectedCall.StartAsync();
        var requested = new TaskCompletionSource<SipTransfer>(TaskCreationOptions.RunContinuationsAsynchronously);
        _call.CalleeDialog.TransferRequested += (_, transfer) => requested.SetResult(transfer);
        var replacing = new TaskCompletionSource<IncomingCall>(TaskCreationOptions.RunContinuationsAsynchronously);
        consulted.Callee.OnInvite = async call =>
        {
            replacing.SetResult(call);
            await call.AcceptAsync(TestEndpoints.Offer(51000));
        };

        // The caller consulted "consulted.Callee" on a second call and now joins our callee to it.
        var replaces = DialogReplacement.For(consulted.CallerDialog);
        await _call.CallerDialog.ReferAsync(consulted.Callee.ContactUri("queue-sales"), replaces).WaitAsync(TestEndpoints.Timeout);
        var transfer = await requested.Task.WaitAsync(TestEndpoints.Timeout);
        var result = await _call.Callee.InviteAsync(TestEndpoints.CallTo(consulted.Callee, TestEndpoints.Offer()) with
        {
            ExtraHeaders = [new("Replaces", transfer.Replaces!.ToString())],
        }).WaitAsync(TestEndpoints.Timeout);
        var call = await replacing.Task.WaitAsync(TestEndpoints.Timeout);

        Assert.Equal(replaces, transfer.Replaces);
        Assert.Equal(consulted.Callee.ContactUri("queue-sales"), transfer.ReferTo);
        Assert.True(result.Answered);
        Assert.Equal(replaces, call.Replaces);
        Assert.Same(consulted.CalleeDialog, call.ReplacedDialog);
    }

    [Fact]
    public async Task An_invite_replacing_an_unknown_dialog_gets_481()
    {
        _call.Callee.OnInvite = call => call.AcceptAsync(TestEndpoints.Offer());

        var result = await _call.Caller.InviteAsync(TestEndpoints.CallTo(_call.Callee, TestEndpoints.Offer()) with
        {
            ExtraHeaders = [new("Replaces", $"{_call.CallerDialog.CallId};to-tag=wrong;from-tag={_call.CallerDialog.LocalTag}")],
        }).WaitAsync(TestEndpoints.Timeout);

        Assert.Equal(481, result.FinalResponse.StatusCode);
    }
}

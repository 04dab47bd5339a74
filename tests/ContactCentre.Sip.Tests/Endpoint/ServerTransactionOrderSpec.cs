using System.Net;

namespace ContactCentre.Sip.Tests;

/// <summary>
/// RFC 3261 §17.2.1: a server INVITE transaction sends 100 Trying when the TU has not answered within 200 ms,
/// and a provisional response must never reach the peer after the final one (SIPp fails the call if it does).
/// </summary>
[Trait("Category", "Unit")]
public sealed class ServerTransactionOrderSpec
{
    private static readonly TimeSpan Trying = TimeSpan.FromMilliseconds(200);

    private readonly ManualClock _clock = new();
    private readonly List<int> _left = [];

    private static SipRequest ReInvite() => SipParser.Parse(SipText.Bytes(
    [
        "INVITE sip:queue-sales@127.0.0.1 SIP/2.0",
        "Via: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bKorder1",
        "Max-Forwards: 70",
        "From: <sip:raw@127.0.0.1>;tag=raw1",
        "To: <sip:queue-sales@127.0.0.1>;tag=ours1",
        "Call-ID: order-spec",
        "CSeq: 3 INVITE",
        "Contact: <sip:raw@127.0.0.1:5070>",
        "Content-Length: 0",
        "",
        "",
    ]), out _) as SipRequest ?? throw new InvalidOperationException("test request does not parse");

    private ServerTransaction Transaction(SipRequest request, Func<int, Task> sending) => new(
        "order-spec", request, new InboundSource(new IPEndPoint(IPAddress.Loopback, 5070), SipTransportKind.Udp, null),
        new SipTimers(_clock, TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(5)),
        async bytes =>
        {
            var status = ((SipResponse)SipParser.Parse(bytes, out _)!).StatusCode;
            await sending(status);
            lock (_left)
            {
                _left.Add(status);
            }
        },
        _ => { });

    [Fact]
    public async Task A_re_invite_answered_within_200_ms_gets_no_100_trying()
    {
        var request = ReInvite();
        var transaction = Transaction(request, _ => Task.CompletedTask);

        var trying = transaction.SendTryingUnlessAnsweredAsync(Trying, SipResponses.Create(request, 100, "Trying"));
        await transaction.RespondAsync(SipResponses.Create(request, 200, "OK"));
        await TestEndpoints.EventuallyAsync(() => _clock.PendingTimers > 0, "the 200 ms timer is armed");
        _clock.Advance(Trying);

        Assert.False(await trying.WaitAsync(TestEndpoints.Timeout));
        Assert.Equal([200], _left);
    }

    [Fact]
    public async Task A_re_invite_not_answered_within_200_ms_gets_100_trying_then_its_final_response()
    {
        var request = ReInvite();
        var transaction = Transaction(request, _ => Task.CompletedTask);

        var trying = transaction.SendTryingUnlessAnsweredAsync(Trying, SipResponses.Create(request, 100, "Trying"));
        await TestEndpoints.EventuallyAsync(() => _clock.PendingTimers > 0, "the 200 ms timer is armed");
        _clock.Advance(Trying);
        Assert.True(await trying.WaitAsync(TestEndpoints.Timeout));
        await transaction.RespondAsync(SipResponses.Create(request, 200, "OK"));

        Assert.Equal([100, 200], _left);
    }

    [Fact]
    public async Task A_final_response_decided_while_the_100_is_being_sent_leaves_after_it()
    {
        var request = ReInvite();
        var tryingOnTheWay = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var letTryingGo = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var transaction = Transaction(request, status =>
        {
            if (status != 100)
            {
                return Task.CompletedTask;
            }
            tryingOnTheWay.TrySetResult();
            return letTryingGo.Task;
        });

        var trying = transaction.SendTryingUnlessAnsweredAsync(Trying, SipResponses.Create(request, 100, "Trying"));
        await TestEndpoints.EventuallyAsync(() => _clock.PendingTimers > 0, "the 200 ms timer is armed");
        _clock.Advance(Trying);
        await tryingOnTheWay.Task.WaitAsync(TestEndpoints.Timeout);
        var final = transaction.RespondAsync(SipResponses.Create(request, 200, "OK"));
        letTryingGo.SetResult();
        await Task.WhenAll(trying, final).WaitAsync(TestEndpoints.Timeout);

        Assert.Equal([100, 200], _left);
    }
}

using System.Net;

namespace ContactCentre.Sip.Tests;

[Trait("Category", "Integration")]
public sealed class UnansweredInviteSpec : IDisposable
{
    private readonly RawUdpPeer _caller = new();

    public void Dispose() => _caller.Dispose();

    [Fact]
    public async Task An_invite_handler_that_returns_without_answering_gives_500_and_frees_the_transaction()
    {
        await using var endpoint = await TestEndpoints.StartAsync();
        endpoint.OnInvite = call => call.RingAsync();

        await _caller.SendAsync(endpoint.LocalEndPoint, _caller.Request("INVITE", "z9hG4bKforgot", "forgot", body: TestEndpoints.Offer()));
        var final = await _caller.ReceiveAsync<SipResponse>(r => r.StatusCode >= 200);
        await _caller.SendAsync(endpoint.LocalEndPoint, _caller.Request("ACK", "z9hG4bKforgot", "forgot", toTag: final.ToTag!));

        Assert.Equal(500, final.StatusCode);
        await TestEndpoints.NothingLeftBehindAsync(endpoint);
    }

    [Fact]
    public async Task A_request_handler_that_returns_without_answering_gives_500()
    {
        await using var endpoint = await TestEndpoints.StartAsync();
        endpoint.OnRequest = _ => Task.CompletedTask;

        await _caller.SendAsync(endpoint.LocalEndPoint, _caller.Request("MESSAGE", "z9hG4bKsilent", "silent"));
        var response = await _caller.ReceiveAsync<SipResponse>(_ => true);

        Assert.Equal(500, response.StatusCode);
    }

    [Fact]
    public async Task A_call_left_ringing_for_three_minutes_gets_408_and_cancels_the_handler()
    {
        var clock = new ManualClock();
        await using var endpoint = await SipEndpoint.StartAsync(new SipEndpointOptions(IPAddress.Loopback, 0) { Time = clock });
        var gaveUp = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        endpoint.OnInvite = async call =>
        {
            await call.RingAsync();
            var cancelled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            using var registration = call.Cancelled.Register(cancelled.SetResult);
            await cancelled.Task;
            gaveUp.SetResult();
        };

        await _caller.SendAsync(endpoint.LocalEndPoint, _caller.Request("INVITE", "z9hG4bKring", "ringing", body: TestEndpoints.Offer()));
        await _caller.ReceiveAsync<SipResponse>(r => r.StatusCode == 180);
        await TestEndpoints.EventuallyAsync(() => clock.PendingTimers > 0, "the answer timer is armed");
        clock.Advance(TimeSpan.FromMinutes(3) - TimeSpan.FromSeconds(1));
        Assert.Null(await _caller.ReceiveAsync(TimeSpan.FromMilliseconds(200)));
        clock.Advance(TimeSpan.FromSeconds(1));
        var final = await _caller.ReceiveAsync<SipResponse>(r => r.StatusCode >= 200);

        Assert.Equal(408, final.StatusCode);
        await gaveUp.Task.WaitAsync(TestEndpoints.Timeout);
    }
}

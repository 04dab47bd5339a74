using System.Net;

namespace ContactCentre.Sip.Tests;

[Trait("Category", "Integration")]
public sealed class ManualClockTimerSpec
{
    [Fact]
    public async Task Timer_e_doubles_up_to_t2_and_timer_f_ends_the_request_at_64_t1()
    {
        var clock = new ManualClock();
        await using var endpoint = await SipEndpoint.StartAsync(new SipEndpointOptions(IPAddress.Loopback, 0) { Time = clock });
        using var silent = new RawUdpPeer();
        var sentAt = new List<TimeSpan>();

        var probe = endpoint.SendRequestAsync(new SipRequest("OPTIONS", "sip:nobody@127.0.0.1"), silent.LocalEndPoint);
        while (!probe.IsCompleted)
        {
            await TestEndpoints.EventuallyAsync(() => clock.PendingTimers > 0 || probe.IsCompleted, "the transaction arms a timer");
            while (await silent.ReceiveAsync(TimeSpan.FromMilliseconds(50)) is SipRequest)
            {
                sentAt.Add(TimeSpan.FromTicks(clock.GetTimestamp()));
            }
            if (!probe.IsCompleted)
            {
                clock.Advance(TimeSpan.FromMilliseconds(500));
            }
        }
        var response = await probe;

        Assert.Equal(408, response.StatusCode);
        Assert.Equal(
            new[] { 0, 500, 1500, 3500, 7500, 11500, 15500, 19500, 23500, 27500, 31500 }.Select(ms => TimeSpan.FromMilliseconds(ms)),
            sentAt);
        Assert.Equal(TimeSpan.FromSeconds(32), TimeSpan.FromTicks(clock.GetTimestamp()));
    }
}

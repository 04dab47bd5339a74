namespace ContactCentre.Sip.Tests;

/// <summary>Runs alone: these tests keep every thread-pool thread of the test process busy for a while.</summary>
[CollectionDefinition(nameof(BusyThreadPool), DisableParallelization = true)]
public sealed class BusyThreadPool;

/// <summary>
/// A burst of calls keeps the thread pool busy (start-up JIT, handlers). The endpoint must still read its socket:
/// an ACK left unread past T1 makes our 2xx repeat (RFC 3261 §13.3.1.4), and SIPp, which matches a 200 by its
/// CSeq method only, took that repeated 200 as the answer to the re-INVITE it had sent right behind the ACK.
/// </summary>
[Trait("Category", "Integration")]
[Collection(nameof(BusyThreadPool))]
public sealed class BusyThreadPoolSpec : IAsyncLifetime
{
    // Enough queued work that the pool's thread injection (a few threads a second) cannot drain it
    // within the wait below.
    private const int ExtraBlockedItems = 256;

    private readonly RawUdpPeer _peer = new();
    private SipEndpoint _endpoint = null!;

    // RFC 3261's own T1 (500 ms), not the short test timers: with a small pool, taking every thread can need the
    // pool to inject threads, which takes seconds, and 64*T1 of 20 ms would end the call (no ACK) before the ACK
    // is even sent. Timer H at 32 s outlasts the whole test.
    public async Task InitializeAsync() => _endpoint = await SipEndpoint.StartAsync(
        TestEndpoints.Options(tcp: false) with { T1 = TimeSpan.FromMilliseconds(500), T2 = TimeSpan.FromSeconds(4), T4 = TimeSpan.FromSeconds(5) });

    public async Task DisposeAsync()
    {
        _peer.Dispose();
        await _endpoint.DisposeAsync();
    }

    [Fact]
    public async Task The_ack_and_the_request_right_behind_it_are_taken_in_while_every_pool_thread_is_busy()
    {
        const string callId = "busy-pool";
        var answered = new TaskCompletionSource<SipDialog>(TaskCreationOptions.RunContinuationsAsynchronously);
        _endpoint.OnInvite = async call => answered.SetResult(await call.AcceptAsync(TestEndpoints.Offer(41000)));
        // Only blocking socket calls on the peer: an async one would make .NET emulate the later blocking receive
        // with thread-pool completions, and the pool is what this test keeps busy.
        _peer.Send(_endpoint.LocalEndPoint, _peer.Request("INVITE", "z9hG4bKbusyinv", callId, body: TestEndpoints.Offer()));
        var ok = _peer.Receive<SipResponse>(r => r.StatusCode == 200, TestEndpoints.Timeout);
        Assert.NotNull(ok);

        SipResponse? optionsAnswer;
        // Not disposed: queued items still touch both after the test has moved on.
        var release = new ManualResetEventSlim();
        var allBusy = new ManualResetEventSlim();
        {
            // This test may itself run on a pool thread, which takes no blocked item.
            var threads = ThreadPool.ThreadCount - 1;
            var started = 0;
            try
            {
                for (var i = 0; i < threads + ExtraBlockedItems; i++)
                {
                    ThreadPool.UnsafeQueueUserWorkItem(_ =>
                    {
                        if (Interlocked.Increment(ref started) >= threads)
                        {
                            allBusy.Set();
                        }
                        release.Wait();
                    }, null);
                }
                Assert.True(allBusy.Wait(TestEndpoints.Timeout), "The blocked work items did not all start");

                // From here on the test thread itself is the only one that runs: plain blocking socket calls.
                _peer.Send(_endpoint.LocalEndPoint, _peer.Request("ACK", "z9hG4bKbusyack", callId, toTag: ok.ToTag!));
                _peer.Send(_endpoint.LocalEndPoint, _peer.Request("OPTIONS", "z9hG4bKbusyopt", callId, toTag: ok.ToTag!, cseq: 2));
                optionsAnswer = _peer.Receive<SipResponse>(r => r.CSeq?.Method == "OPTIONS", TestEndpoints.Timeout);
            }
            finally
            {
                release.Set();
            }
        }
        Assert.True(optionsAnswer is { StatusCode: 200 },
            $"The in-dialog OPTIONS sent behind the ACK was not answered while the thread pool was busy (got {optionsAnswer?.StatusCode} {optionsAnswer?.Reason})");
        var dialog = await answered.Task.WaitAsync(TestEndpoints.Timeout);
        Assert.False(dialog.IsTerminated);
    }
}

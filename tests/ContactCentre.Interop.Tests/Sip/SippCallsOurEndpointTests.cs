using Xunit.Abstractions;
using ContactCentre.Interop.Tests.Peers;
using ContactCentre.Sip;

namespace ContactCentre.Interop.Tests.Sip;

/// <summary>SIPp as the caller (UAC), our SipEndpoint as the called party (UAS), over UDP on 127.0.0.1.</summary>
[Trait("Category", "Interop")]
public sealed class SippCallsOurEndpointTests
{
    private static readonly TimeSpan SippTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan DialogsEndTimeout = TimeSpan.FromSeconds(5);

    // A caller resumes a held call seconds later; 300 ms keeps the test short (the zero-pause case has its own
    // test below).
    private static readonly TimeSpan PauseBeforeResume = TimeSpan.FromMilliseconds(300);

    private readonly ITestOutputHelper _output;

    public SippCallsOurEndpointTests(ITestOutputHelper output)
    {
        _output = output;
    }

    [Fact]
    public async Task Sipp_uac_completes_10_calls_answered_with_sdp_and_ended_by_bye()
    {
        await using var called = await CalledEndpoint.StartAsync();
        await using var caller = new SippRunner(SippScenario.BuiltIn("uac"), called.Address, calls: 10);

        var result = await caller.RunAsync(SippTimeout);

        Assert.True(result.ExitCode == 0, $"{result}\n{called}");
        Assert.True(result.SuccessfulCalls == 10 && result.FailedCalls == 0, $"{result}\n{called}");
        Assert.True(called.Answered == 10 && called.Failed == 0, called.ToString());
        Assert.True(await called.WaitForNoDialogsAsync(DialogsEndTimeout), called.ToString());
    }

    [Fact]
    public async Task Sipp_uac_cancelling_while_it_rings_gets_200_for_the_cancel_and_487_for_the_invite()
    {
        const int calls = 3;
        await using var called = await CalledEndpoint.StartAsync(CalledBehaviour.RingsForever);
        await using var caller = new SippRunner(SippScenarios.CancelWhileRinging, called.Address, calls);

        var result = await caller.RunAsync(SippTimeout);

        // The scenario only succeeds if 200 (CANCEL) and then 487 (INVITE) arrive and its ACK is accepted.
        Assert.True(result.ExitCode == 0, $"{result}\n{called}");
        Assert.True(result.SuccessfulCalls == calls && result.FailedCalls == 0, $"{result}\n{called}");
        Assert.True(called.Cancelled == calls && called.Answered == 0 && called.Failed == 0, called.ToString());
        Assert.Equal(0, called.ActiveDialogs);
    }

    [Fact]
    public async Task Sipp_uac_holding_and_resuming_with_re_invites_gets_recvonly_then_sendrecv_answers()
    {
        const int calls = 2;
        await using var called = await CalledEndpoint.StartAsync();
        await using var caller = new SippRunner(SippScenarios.HoldThenResume(PauseBeforeResume), called.Address, calls);

        var result = await caller.RunAsync(SippTimeout);

        // The scenario's regexp checks fail the call unless each 200 carries the mirrored direction.
        Assert.True(result.ExitCode == 0, $"{result}\n{called}");
        Assert.True(result.SuccessfulCalls == calls && result.FailedCalls == 0, $"{result}\n{called}");
        // The two calls overlap, so their offers interleave: count them rather than order them.
        Assert.Equal(["sendonly", "sendonly", "sendrecv", "sendrecv"], called.OfferedDirections.Order(StringComparer.Ordinal));
        Assert.True(await called.WaitForNoDialogsAsync(DialogsEndTimeout), called.ToString());
    }

    /// <summary>
    /// RFC 3261 §14.2 allows 500 (with Retry-After) only for an INVITE that arrives "before [the UAS] sends the
    /// final response to a first INVITE". Here SIPp sends the next re-INVITE right after the ACK of the previous
    /// one's 200; this raced and gave 2-3 failures in 200 calls before the fix (2026-11-27). Run alone (cold
    /// process, 200 calls a second) 5-35 % of calls then failed: our UDP receive loop queued behind handler work
    /// in the thread pool and the kernel's receive buffer overflowed, so ACKs came late or never and our 2xx was
    /// repeated (RFC 3261 §13.3.1.4); SIPp matches a 200 by CSeq method only and took it for the next re-INVITE's.
    /// </summary>
    [Fact]
    public async Task Sipp_uac_resuming_right_after_the_hold_ack_gets_200_not_500()
    {
        const int calls = 200;
        await using var called = await CalledEndpoint.StartAsync();
        await using var caller = new SippRunner(SippScenarios.HoldThenResume(TimeSpan.Zero), called.Address, calls, ["-r", "200"]);

        var result = await caller.RunAsync(SippTimeout);

        Assert.True(result.ExitCode == 0, $"{result}\n{called}");
        Assert.True(result.SuccessfulCalls == calls && result.FailedCalls == 0, $"{result}\n{called}");
    }

    /// <summary>
    /// SIPp drops 10 % of the messages it sends and of those it receives (<c>-lost 10</c>): lost INVITEs
    /// and BYEs are retransmitted by SIPp, lost 200 OKs by our UAS until the ACK arrives (RFC 3261 §13.3.1.4),
    /// lost ACKs are repeated by SIPp when our 200 comes again.
    /// </summary>
    [Fact]
    public async Task Sipp_uac_losing_10_percent_of_packets_completes_all_50_calls_through_retransmissions()
    {
        const int calls = 50;
        await using var called = await CalledEndpoint.StartAsync();
        await using var caller = new SippRunner(
            SippScenario.BuiltIn("uac"), called.Address, calls, ["-lost", "10", "-r", "25"]);

        var result = await caller.RunAsync(SippTimeout);
        _output.WriteLine($"SIPp -lost 10, {calls} calls: {SippStatistics.Lost(result)} messages dropped, " +
            $"{SippStatistics.Retransmissions(result)} retransmissions counted by SIPp\n{result.ScreenStatistics.Split("Statistics Screen")[0]}");

        Assert.True(result.FailedCalls == 0 && result.SuccessfulCalls == calls, $"{result}\n{called}");
        Assert.True(result.ExitCode == 0, $"{result}\n{called}");
        Assert.True(called.Invites == calls && called.Failed == 0, called.ToString());
        // Not asserted: that every dialog has ended. SIPp's built-in uac matches responses by status code only,
        // so when both its ACK and its BYE are dropped, our retransmitted 200 to the INVITE is taken as the
        // BYE's 200: SIPp counts the call complete while our UAS, which never got the ACK or the BYE, keeps
        // retransmitting until timer H (64*T1) ends the dialog with a BYE (SIPp then shows a "dead call msg").
        // The loss must really have happened, or this test proves nothing about retransmissions.
        Assert.True(SippStatistics.Retransmissions(result) > 0, $"SIPp counted no retransmissions.\n{result}");
    }

    [Fact]
    public async Task Sipp_uac_referring_the_call_gets_202_then_sipfrag_notifies_ending_in_200_ok()
    {
        await using var called = await CalledEndpoint.StartAsync();
        await using var caller = new SippRunner(SippScenarios.TransfersTheCall, called.Address);

        var result = await caller.RunAsync(SippTimeout);

        // The scenario fails the call unless the REFER gets 202 and both NOTIFYs carry message/sipfrag,
        // the first "SIP/2.0 100", the last "SIP/2.0 200 OK".
        Assert.True(result.ExitCode == 0, $"{result}\n{called}");
        Assert.True(result.SuccessfulCalls == 1 && result.FailedCalls == 0, $"{result}\n{called}");
        Assert.Equal([SippScenarios.TransferTarget], called.TransferTargets);
        Assert.Equal([200, 200], called.NotifyAnswers);
        Assert.True(await called.WaitForNoDialogsAsync(DialogsEndTimeout), called.ToString());
    }

    [Fact]
    public async Task Sipp_uac_answering_our_md5_digest_challenge_gets_its_call_answered()
    {
        await using var called = await CalledEndpoint.StartAsync(authenticator: Agent7Authenticator());
        await using var caller = new SippRunner(SippScenarios.AnswersDigestChallenge("agent7", "s3cret"), called.Address);

        var result = await caller.RunAsync(SippTimeout);

        Assert.True(result.ExitCode == 0, $"{result}\n{called}");
        Assert.True(result.SuccessfulCalls == 1 && result.FailedCalls == 0, $"{result}\n{called}");
        Assert.True(called.Answered == 1 && called.Failed == 0, called.ToString());
        Assert.True(await called.WaitForNoDialogsAsync(DialogsEndTimeout), called.ToString());
    }

    [Fact]
    public async Task Sipp_uac_answering_our_digest_challenge_with_a_wrong_password_is_challenged_again_and_never_answered()
    {
        await using var called = await CalledEndpoint.StartAsync(authenticator: Agent7Authenticator());
        await using var caller = new SippRunner(SippScenarios.AnswersDigestChallenge("agent7", "wrong-password"), called.Address);

        var result = await caller.RunAsync(SippTimeout);

        Assert.True(result.ExitCode != 0, $"{result}\n{called}");
        Assert.True(result.SuccessfulCalls == 0 && result.FailedCalls == 1, $"{result}\n{called}");
        Assert.True(called.Invites == 0 && called.Answered == 0, called.ToString());
        Assert.Equal(0, called.ActiveDialogs);
    }

    // SIPp 3.6 computes MD5 digests only, so SHA-256 is not offered.
    private static DigestAuthenticator Agent7Authenticator() => new(
        "contactcentre.test",
        new InMemorySipCredentialStore([new("agent7", "s3cret")]),
        options: new DigestAuthenticatorOptions { Algorithms = [DigestAlgorithm.Md5] });
}

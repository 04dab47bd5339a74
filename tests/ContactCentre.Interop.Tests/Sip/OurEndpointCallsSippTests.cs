using System.Diagnostics;
using System.Net;
using ContactCentre.Interop.Tests.Peers;
using ContactCentre.Sip;

namespace ContactCentre.Interop.Tests.Sip;

/// <summary>Our SipEndpoint as the caller (UAC), SIPp's built-in uas as the called party, over UDP on 127.0.0.1.</summary>
[Trait("Category", "Interop")]
public sealed class OurEndpointCallsSippTests
{
    // SIPp's built-in uas waits 4 s after each BYE (timewait) before it counts the call as done.
    private static readonly TimeSpan SippTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(5);

    // A BYE that got no response would only end on timer F (64*T1 = 32 s); well under that means SIPp answered.
    private static readonly TimeSpan ByeAnsweredWithin = TimeSpan.FromSeconds(2);



    [Fact]
    public async Task Our_uac_places_10_calls_that_sipp_uas_answers_and_both_sides_count_as_completed()
    {
        const int calls = 10;
        await using var callee = new SippRunner(SippScenario.BuiltIn("uas"), calls: calls);
        callee.Start();
        var diagnostics = new List<string>();
        await using var caller = await SipEndpoint.StartAsync(new SipEndpointOptions(IPAddress.Loopback, 0, EnableTcp: false));
        caller.Diagnostic += line => { lock (diagnostics) { diagnostics.Add(line); } };
        var destination = new IPEndPoint(IPAddress.Loopback, callee.SipPort);
        var offer = SdpMessage.CreateAudio(IPAddress.Loopback, 40_002, [SdpFormat.Pcmu], sessionId: 2).ToString();
        var ended = new List<string>();

        // SIPp binds its SIP socket a moment after it starts; an INVITE sent earlier is retransmitted on timer A.
        for (var call = 1; call <= calls; call++)
        {
            using var timeout = new CancellationTokenSource(CallTimeout);
            var result = await caller.InviteAsync(
                new OutgoingCallOptions($"sip:service@{callee.Address}", destination, $"sip:caller@{LoopbackPorts.Address}",
                    $"sip:service@{callee.Address}", offer),
                timeout.Token);

            Assert.True(result.Answered, $"call {call}: {result.FinalResponse.StatusCode} {result.FinalResponse.Reason}\n{Describe(diagnostics)}");
            var dialog = result.Dialog!;
            Assert.Contains("m=audio", dialog.RemoteSdp, StringComparison.Ordinal);
            dialog.Terminated += (_, reason) => { lock (ended) { ended.Add(reason); } };
            var hangUp = Stopwatch.StartNew();
            await dialog.HangUpAsync();
            Assert.True(hangUp.Elapsed < ByeAnsweredWithin, $"call {call}: BYE took {hangUp.Elapsed.TotalSeconds:0.0} s\n{Describe(diagnostics)}");
        }

        var sipp = await callee.WaitForExitAsync(SippTimeout);

        Assert.True(sipp.ExitCode == 0, $"{sipp}\n{Describe(diagnostics)}");
        Assert.True(sipp.SuccessfulCalls == calls && sipp.FailedCalls == 0, $"{sipp}\n{Describe(diagnostics)}");
        Assert.Equal(Enumerable.Repeat("local BYE", calls), ended);
        Assert.Equal(0, caller.ActiveDialogCount);
    }

    [Fact]
    public async Task Our_uac_answers_a_digest_challenge_from_sipp_and_the_call_is_set_up()
    {
        await using var callee = new SippRunner(SippScenarios.ChallengesWithDigest);
        callee.Start();
        var diagnostics = new List<string>();
        await using var caller = await SipEndpoint.StartAsync(new SipEndpointOptions(IPAddress.Loopback, 0, EnableTcp: false));
        caller.Diagnostic += line => { lock (diagnostics) { diagnostics.Add(line); } };
        var offer = SdpMessage.CreateAudio(IPAddress.Loopback, 40_002, [SdpFormat.Pcmu], sessionId: 2).ToString();
        using var timeout = new CancellationTokenSource(CallTimeout);

        var result = await caller.InviteAsync(
            new OutgoingCallOptions($"sip:service@{callee.Address}", new IPEndPoint(IPAddress.Loopback, callee.SipPort),
                $"sip:{SippScenarios.DigestUser}@{LoopbackPorts.Address}", $"sip:service@{callee.Address}", offer)
            {
                Credentials = new SipCredentials(SippScenarios.DigestUser, SippScenarios.DigestPassword),
            },
            timeout.Token);
        Assert.True(result.Answered, $"{result.FinalResponse.StatusCode} {result.FinalResponse.Reason}\n{Describe(diagnostics)}");
        await result.Dialog!.HangUpAsync();
        var sipp = await callee.WaitForExitAsync(SippTimeout);

        Assert.True(sipp.ExitCode == 0 && sipp.SuccessfulCalls == 1, $"{sipp}\n{Describe(diagnostics)}");
    }

    private static string Describe(List<string> diagnostics)
    {
        lock (diagnostics)
        {
            return $"--- our diagnostics ---\n{string.Join('\n', diagnostics.Take(50))}";
        }
    }
}

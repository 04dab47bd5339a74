using System.Globalization;
using System.Text;

namespace ContactCentre.Sip.Tests;

/// <summary>RFC 3261 §18.1.1: an INVITE too big for UDP (over 1300 bytes) is sent over TCP instead.</summary>
[Trait("Category", "Integration")]
public sealed class LargeInviteSpec
{
    [Fact]
    public async Task An_invite_over_1300_bytes_asked_for_udp_goes_over_tcp_and_the_call_completes()
    {
        await using var caller = await TestEndpoints.StartAsync();
        await using var callee = await TestEndpoints.StartAsync();
        var answer = TestEndpoints.Offer(52000);
        var invites = new TaskCompletionSource<IncomingCall>(TaskCreationOptions.RunContinuationsAsynchronously);
        var answered = new TaskCompletionSource<SipDialog>(TaskCreationOptions.RunContinuationsAsynchronously);
        callee.OnInvite = async call =>
        {
            invites.SetResult(call);
            answered.SetResult(await call.AcceptAsync(answer));
        };

        var result = await caller.InviteAsync(TestEndpoints.CallTo(callee, PaddedOffer(40), SipTransportKind.Udp))
            .WaitAsync(TestEndpoints.Timeout);
        var call = await invites.Task.WaitAsync(TestEndpoints.Timeout);
        var calleeDialog = await answered.Task.WaitAsync(TestEndpoints.Timeout);
        var calleeEnded = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        calleeDialog.Terminated += (_, reason) => calleeEnded.TrySetResult(reason);

        Assert.True(call.Invite.ToBytes().Length > 1300, $"the INVITE is only {call.Invite.ToBytes().Length} bytes");
        Assert.Equal(SipTransportKind.Tcp, call.Transport);
        Assert.StartsWith("SIP/2.0/TCP", call.Invite.TopVia);
        Assert.Contains("transport=tcp", call.Invite.Headers[HeaderNames.Contact]);
        Assert.Equal(200, result.FinalResponse.StatusCode);
        Assert.Equal(answer, result.Dialog!.RemoteSdp);

        await result.Dialog.HangUpAsync().WaitAsync(TestEndpoints.Timeout);

        Assert.Equal("remote BYE", await calleeEnded.Task.WaitAsync(TestEndpoints.Timeout));
        await TestEndpoints.NothingLeftBehindAsync(caller, callee);
    }

    [Fact]
    public async Task An_invite_that_fits_udp_until_its_authorization_is_added_is_retried_over_tcp()
    {
        await using var caller = await TestEndpoints.StartAsync();
        await using var callee = await TestEndpoints.StartAsync();
        var authenticator = new DigestAuthenticator("cc.example.com", new InMemorySipCredentialStore([new("agent7", "s3cret")]),
            options: new DigestAuthenticatorOptions { Algorithms = [DigestAlgorithm.Md5] });
        var transports = new List<SipTransportKind>();
        var protectedHandler = authenticator.ProtectInvites(call => call.RejectAsync(486, "Busy Here"));
        callee.OnInvite = call =>
        {
            lock (transports)
            {
                transports.Add(call.Transport);
            }
            return protectedHandler(call);
        };
        // About 1100 bytes: under the limit until the Authorization (about 250 bytes) is added.
        var options = TestEndpoints.CallTo(callee, PaddedOffer(10)) with { Credentials = new SipCredentials("agent7", "s3cret") };

        var result = await caller.InviteAsync(options).WaitAsync(TestEndpoints.Timeout);

        Assert.Equal(486, result.FinalResponse.StatusCode);
        Assert.Equal([SipTransportKind.Udp, SipTransportKind.Tcp], transports);
    }

    [Fact]
    public async Task A_small_invite_asked_for_udp_stays_on_udp()
    {
        await using var caller = await TestEndpoints.StartAsync();
        await using var callee = await TestEndpoints.StartAsync();
        var transport = new TaskCompletionSource<SipTransportKind>(TaskCreationOptions.RunContinuationsAsynchronously);
        callee.OnInvite = call =>
        {
            transport.SetResult(call.Transport);
            return call.RejectAsync(486, "Busy Here");
        };

        var result = await caller.InviteAsync(TestEndpoints.CallTo(callee, TestEndpoints.Offer()))
            .WaitAsync(TestEndpoints.Timeout);

        Assert.Equal(486, result.FinalResponse.StatusCode);
        Assert.Equal(SipTransportKind.Udp, await transport.Task.WaitAsync(TestEndpoints.Timeout));
    }

    /// <summary>An offer padded with 60-byte a= lines, as a video-capable softphone's offer is; 40 lines make the INVITE about 3 KB.</summary>
    private static string PaddedOffer(int lines)
    {
        var offer = new StringBuilder(TestEndpoints.Offer());
        for (var i = 0; i < lines; i++)
        {
            offer.Append(CultureInfo.InvariantCulture, $"a=x-padding-{i}:0123456789abcdef0123456789abcdef\r\n");
        }
        return offer.ToString();
    }
}

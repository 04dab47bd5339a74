namespace ContactCentre.Sip.Tests.Authentication;

/// <summary>The server side of an authenticated INVITE: our endpoint challenges, our endpoint answers the challenge.</summary>
[Trait("Category", "Integration")]
public sealed class InviteProtectionSpec : IAsyncLifetime
{
    private SipEndpoint _callee = null!;
    private SipEndpoint _caller = null!;
    private int _reachedHandler;

    public async Task InitializeAsync()
    {
        var store = new InMemorySipCredentialStore();
        store.Set("agent7", "s3cret");
        var authenticator = new DigestAuthenticator("cc.example.com", store);
        _callee = await TestEndpoints.StartAsync();
        _caller = await TestEndpoints.StartAsync();
        _callee.OnInvite = authenticator.ProtectInvites(async call =>
        {
            Interlocked.Increment(ref _reachedHandler);
            await call.AcceptAsync(TestEndpoints.Offer(40002));
        });
    }

    public async Task DisposeAsync()
    {
        await _caller.DisposeAsync();
        await _callee.DisposeAsync();
    }

    [Fact]
    public async Task An_invite_without_credentials_is_challenged_401_and_never_reaches_the_handler()
    {
        var result = await _caller.InviteAsync(TestEndpoints.CallTo(_callee, TestEndpoints.Offer()))
            .WaitAsync(TestEndpoints.Timeout);
        Assert.Equal(401, result.FinalResponse.StatusCode);
        Assert.Contains("Digest", result.FinalResponse.Headers["WWW-Authenticate"]);
        Assert.Equal(0, _reachedHandler);
    }

    [Fact]
    public async Task An_invite_with_the_right_credentials_is_answered_and_a_wrong_password_is_not()
    {
        var good = TestEndpoints.CallTo(_callee, TestEndpoints.Offer()) with { Credentials = new SipCredentials("agent7", "s3cret") };
        var answered = await _caller.InviteAsync(good).WaitAsync(TestEndpoints.Timeout);
        Assert.True(answered.Answered);
        await answered.Dialog!.HangUpAsync();

        var bad = TestEndpoints.CallTo(_callee, TestEndpoints.Offer()) with { Credentials = new SipCredentials("agent7", "guess") };
        var refused = await _caller.InviteAsync(bad).WaitAsync(TestEndpoints.Timeout);
        Assert.Equal(401, refused.FinalResponse.StatusCode);
        Assert.Equal(1, _reachedHandler);
    }
}

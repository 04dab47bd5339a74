namespace ContactCentre.Sip.Tests.Authentication;

[Trait("Category", "Unit")]
public sealed class DigestAuthenticatorSpec
{
    private const string Realm = "cc.example.com";
    private const string RequestUri = "sip:cc.example.com";

    private readonly FakeClock _clock = new();
    private readonly DigestAuthenticator _authenticator;

    public DigestAuthenticatorSpec()
    {
        var store = new InMemorySipCredentialStore();
        store.Set("agent-7", "s3cret");
        _authenticator = new DigestAuthenticator(Realm, store, _clock,
            new DigestAuthenticatorOptions { NonceLifetime = TimeSpan.FromMinutes(5) });
    }

    private static SipRequest Register(string? authorization = null, string header = "Authorization")
    {
        var request = new SipRequest("REGISTER", RequestUri);
        request.Headers.Add("To", "<sip:agent-7@cc.example.com>");
        request.Headers.Add("From", "<sip:agent-7@cc.example.com>;tag=1");
        if (authorization is not null)
        {
            request.Headers.Add(header, authorization);
        }
        return request;
    }

    private static DigestChallenge ChallengeIn(DigestVerdict verdict, DigestAlgorithm algorithm) =>
        verdict.Headers.Select(h => DigestChallenge.TryParse(h.Value)!).Single(c => c.Algorithm == algorithm);

    private static string Answer(DigestChallenge challenge, string password = "s3cret", uint nc = 1, string uri = RequestUri) =>
        DigestCredentials.Answer(challenge, "agent-7", password, "REGISTER", uri, "c0ffee", nc).ToString();

    [Fact]
    public void A_request_without_credentials_gets_401_offering_SHA_256_before_MD5()
    {
        var verdict = _authenticator.Check(Register());

        Assert.False(verdict.Authenticated);
        Assert.Equal(401, verdict.StatusCode);
        Assert.Equal(["WWW-Authenticate", "WWW-Authenticate"], verdict.Headers.Select(h => h.Key));
        var offered = verdict.Headers.Select(h => DigestChallenge.TryParse(h.Value)!).ToList();
        Assert.Equal([DigestAlgorithm.Sha256, DigestAlgorithm.Md5], offered.Select(c => c.Algorithm));
        Assert.All(offered, c => Assert.Equal(Realm, c.Realm));
        Assert.All(offered, c => Assert.True(c.OffersAuth));
        Assert.False(offered[0].Stale);
    }

    [Fact]
    public void The_proxy_form_challenges_with_407_and_reads_Proxy_Authorization()
    {
        var challenge = _authenticator.Check(Register(), DigestChallengeKind.Proxy);
        Assert.Equal(407, challenge.StatusCode);
        Assert.All(challenge.Headers, h => Assert.Equal("Proxy-Authenticate", h.Key));

        var answer = Answer(ChallengeIn(challenge, DigestAlgorithm.Md5));
        Assert.Equal(407, _authenticator.Check(Register(answer), DigestChallengeKind.Proxy).StatusCode);
        Assert.Equal("agent-7", _authenticator.Check(Register(answer, "Proxy-Authorization"), DigestChallengeKind.Proxy).Username);
    }

    [Theory]
    [InlineData("SHA-256")]
    [InlineData("MD5")]
    public void A_correct_answer_with_either_algorithm_authenticates_the_user(string algorithm)
    {
        var challenge = ChallengeIn(_authenticator.Check(Register()), DigestAlgorithm.FromToken(algorithm)!);

        var verdict = _authenticator.Check(Register(Answer(challenge)));

        Assert.True(verdict.Authenticated);
        Assert.Equal("agent-7", verdict.Username);
    }

    [Fact]
    public void A_wrong_password_is_challenged_again_without_stale()
    {
        var challenge = ChallengeIn(_authenticator.Check(Register()), DigestAlgorithm.Sha256);

        var verdict = _authenticator.Check(Register(Answer(challenge, password: "guess")));

        Assert.Equal(401, verdict.StatusCode);
        Assert.False(ChallengeIn(verdict, DigestAlgorithm.Sha256).Stale);
    }

    [Fact]
    public void A_correct_answer_to_an_expired_nonce_gets_a_challenge_with_stale_true()
    {
        var challenge = ChallengeIn(_authenticator.Check(Register()), DigestAlgorithm.Sha256);
        _clock.Advance(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(1));

        var verdict = _authenticator.Check(Register(Answer(challenge)));

        Assert.Equal(401, verdict.StatusCode);
        var fresh = ChallengeIn(verdict, DigestAlgorithm.Sha256);
        Assert.True(fresh.Stale);
        Assert.NotEqual(challenge.Nonce, fresh.Nonce);
        Assert.True(_authenticator.Check(Register(Answer(fresh))).Authenticated);
    }

    [Fact]
    public void A_wrong_answer_to_an_expired_nonce_is_not_called_stale()
    {
        var challenge = ChallengeIn(_authenticator.Check(Register()), DigestAlgorithm.Sha256);
        _clock.Advance(TimeSpan.FromMinutes(6));

        var verdict = _authenticator.Check(Register(Answer(challenge, password: "guess")));

        Assert.False(ChallengeIn(verdict, DigestAlgorithm.Sha256).Stale);
    }

    [Fact]
    public void A_replayed_request_with_the_same_nonce_count_is_refused()
    {
        var challenge = ChallengeIn(_authenticator.Check(Register()), DigestAlgorithm.Sha256);
        var first = Answer(challenge, nc: 1);

        Assert.True(_authenticator.Check(Register(first)).Authenticated);
        Assert.Equal(401, _authenticator.Check(Register(first)).StatusCode);
    }

    [Fact]
    public void A_nonce_can_be_reused_with_an_increasing_nonce_count()
    {
        var challenge = ChallengeIn(_authenticator.Check(Register()), DigestAlgorithm.Md5);

        Assert.True(_authenticator.Check(Register(Answer(challenge, nc: 1))).Authenticated);
        Assert.True(_authenticator.Check(Register(Answer(challenge, nc: 2))).Authenticated);
        Assert.False(_authenticator.Check(Register(Answer(challenge, nc: 2))).Authenticated);
    }

    [Fact]
    public void An_unknown_user_is_challenged()
    {
        var challenge = ChallengeIn(_authenticator.Check(Register()), DigestAlgorithm.Sha256);
        var answer = DigestCredentials.Answer(challenge, "intruder", "x", "REGISTER", RequestUri, "c0ffee").ToString();

        Assert.Equal(401, _authenticator.Check(Register(answer)).StatusCode);
    }

    [Fact]
    public void Credentials_computed_for_another_request_uri_get_400()
    {
        var challenge = ChallengeIn(_authenticator.Check(Register()), DigestAlgorithm.Sha256);

        var verdict = _authenticator.Check(Register(Answer(challenge, uri: "sip:other.example.com")));

        Assert.Equal(400, verdict.StatusCode);
    }

    [Fact]
    public void Expired_nonces_are_forgotten_when_new_ones_are_issued()
    {
        _authenticator.Check(Register());
        _authenticator.Check(Register());
        _clock.Advance(TimeSpan.FromMinutes(10));

        _authenticator.Check(Register());

        Assert.Equal(1, _authenticator.OutstandingNonces);
    }

    [Fact]
    public void A_flood_of_challenges_keeps_at_most_the_configured_number_of_nonces()
    {
        var store = new InMemorySipCredentialStore();
        store.Set("agent-7", "s3cret");
        var small = new DigestAuthenticator(Realm, store, _clock, new DigestAuthenticatorOptions { MaxOutstandingNonces = 3 });
        var oldest = ChallengeIn(small.Check(Register()), DigestAlgorithm.Sha256);

        for (var i = 0; i < 5; i++)
        {
            _clock.Advance(TimeSpan.FromSeconds(1));
            small.Check(Register());
        }

        Assert.Equal(3, small.OutstandingNonces);
        Assert.True(ChallengeIn(small.Check(Register(Answer(oldest))), DigestAlgorithm.Sha256).Stale);
    }
}

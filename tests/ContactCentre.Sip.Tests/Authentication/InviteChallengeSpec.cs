using System.Globalization;
using System.Net;

namespace ContactCentre.Sip.Tests.Authentication;

/// <summary>
/// The caller side of RFC 3261 §22.2-22.3 against a hand-driven UAS that challenges the INVITE:
/// the retry must carry valid credentials, the next CSeq, the same Call-ID and From tag, and a new branch.
/// </summary>
[Trait("Category", "Integration")]
public sealed class InviteChallengeSpec : IAsyncLifetime
{
    private const string Realm = "carrier.example";

    private readonly RawUdpPeer _uas = new();
    private readonly DigestAuthenticator _authenticator;
    private SipEndpoint _caller = null!;

    public InviteChallengeSpec()
    {
        var store = new InMemorySipCredentialStore();
        store.Set("cc-trunk", "trunk-pass");
        _authenticator = new DigestAuthenticator(Realm, store);
    }

    public async Task InitializeAsync() => _caller = await TestEndpoints.StartAsync();

    public async Task DisposeAsync()
    {
        await _caller.DisposeAsync();
        _uas.Dispose();
    }

    private OutgoingCallOptions Call(SipCredentials? credentials) =>
        new($"sip:+442079460000@127.0.0.1:{_uas.Port.ToString(CultureInfo.InvariantCulture)}", _uas.LocalEndPoint,
            "sip:contactcentre@cc.example.com", "sip:+442079460000@carrier.example", TestEndpoints.Offer())
        {
            Credentials = credentials,
        };

    // Matching on CSeq skips the caller's timer A retransmissions of an INVITE already answered.
    private static bool IsInvite(SipRequest request, uint cseq) => request.Method == "INVITE" && request.CSeq?.Number == cseq;

    private async Task RespondAsync(SipRequest request, int status, string reason, params (string Name, string Value)[] headers)
    {
        var response = SipResponses.Create(request, status, reason, "uas1");
        foreach (var (name, value) in headers)
        {
            response.Headers.Add(name, value);
        }
        var via = request.TopVia!;
        var port = int.Parse(via[(via.LastIndexOf(':') + 1)..via.IndexOf(';', StringComparison.Ordinal)], CultureInfo.InvariantCulture);
        await _uas.SendAsync(new IPEndPoint(IPAddress.Loopback, port), response.ToBytes());
    }

    [Theory]
    [InlineData(DigestChallengeKind.Proxy, 407, "Proxy-Authorization")]
    [InlineData(DigestChallengeKind.UserAgent, 401, "Authorization")]
    public async Task A_challenged_invite_is_sent_again_with_credentials_in_the_same_call(DigestChallengeKind kind, int status, string header)
    {
        var calling = _caller.InviteAsync(Call(new SipCredentials("cc-trunk", "trunk-pass")));

        var first = await _uas.ReceiveAsync<SipRequest>(r => IsInvite(r, 1));
        var challenge = _authenticator.Check(first, kind);
        await RespondAsync(first, challenge.StatusCode, challenge.Reason, challenge.Headers.Select(h => (h.Key, h.Value)).ToArray());
        await _uas.ReceiveAsync<SipRequest>(r => r.Method == "ACK");
        var second = await _uas.ReceiveAsync<SipRequest>(r => IsInvite(r, 2));
        var verdict = _authenticator.Check(second, kind);
        await RespondAsync(second, 486, "Busy Here");
        var result = await calling.WaitAsync(TestEndpoints.Timeout);

        Assert.Equal(status, challenge.StatusCode);
        Assert.Equal("cc-trunk", verdict.Username);
        Assert.Contains("algorithm=SHA-256", second.Headers[header], StringComparison.Ordinal);
        Assert.Equal(first.CallId, second.CallId);
        Assert.Equal(first.FromTag, second.FromTag);
        Assert.Equal(2u, second.CSeq!.Value.Number);
        Assert.NotEqual(first.TopVia, second.TopVia);
        Assert.Equal(first.BodyText, second.BodyText);
        Assert.Equal(486, result.FinalResponse.StatusCode);
    }

    [Fact]
    public async Task Without_credentials_the_challenge_is_the_result()
    {
        var calling = _caller.InviteAsync(Call(null));

        var first = await _uas.ReceiveAsync<SipRequest>(r => IsInvite(r, 1));
        var challenge = _authenticator.Check(first, DigestChallengeKind.Proxy);
        await RespondAsync(first, challenge.StatusCode, challenge.Reason, challenge.Headers.Select(h => (h.Key, h.Value)).ToArray());
        var result = await calling.WaitAsync(TestEndpoints.Timeout);

        Assert.Equal(407, result.FinalResponse.StatusCode);
        Assert.False(result.Answered);
    }

    [Fact]
    public async Task Credentials_the_server_refuses_are_not_sent_a_third_time()
    {
        var calling = _caller.InviteAsync(Call(new SipCredentials("cc-trunk", "wrong")));

        for (var attempt = 1u; attempt <= 2; attempt++)
        {
            var invite = await _uas.ReceiveAsync<SipRequest>(r => IsInvite(r, attempt));
            var challenge = _authenticator.Check(invite, DigestChallengeKind.Proxy);
            await RespondAsync(invite, challenge.StatusCode, challenge.Reason, challenge.Headers.Select(h => (h.Key, h.Value)).ToArray());
        }
        var result = await calling.WaitAsync(TestEndpoints.Timeout);

        Assert.Equal(407, result.FinalResponse.StatusCode);
        Assert.Equal(2u, result.FinalResponse.CSeq!.Value.Number);
    }
}

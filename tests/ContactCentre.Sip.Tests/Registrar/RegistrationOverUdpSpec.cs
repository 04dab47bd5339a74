using System.Net;

namespace ContactCentre.Sip.Tests.Registrar;

[Trait("Category", "Integration")]
public sealed class RegistrationOverUdpSpec : IAsyncLifetime
{
    private const string Realm = "cc.example.com";

    private readonly InMemorySipCredentialStore _store = new();
    private SipEndpoint _server = null!;
    private SipEndpoint _phone = null!;
    private Sip.Registrar _registrar = null!;

    public async Task InitializeAsync()
    {
        _store.Set("agent-7", "s3cret");
        _server = await TestEndpoints.StartAsync();
        _phone = await TestEndpoints.StartAsync();
        _registrar = new Sip.Registrar(options: new RegistrarOptions { MinExpires = TimeSpan.FromSeconds(120) });
        _server.OnRequest = _registrar.RequestHandler(new DigestAuthenticator(Realm, _store));
    }

    public async Task DisposeAsync()
    {
        await _phone.DisposeAsync();
        await _server.DisposeAsync();
    }

    private SipRequest Register(string expires = "600")
    {
        var request = new SipRequest("REGISTER", $"sip:{Realm}");
        request.Headers.Add("To", $"<sip:agent-7@{Realm}>");
        request.Headers.Add("From", $"<sip:agent-7@{Realm}>;tag=phone1");
        request.Headers.Add("Contact", $"<{_phone.ContactUri("agent-7")}>");
        request.Headers.Add("Expires", expires);
        return request;
    }

    [Fact]
    public async Task A_phone_answers_the_challenge_and_its_contact_is_bound()
    {
        var request = Register();

        var response = await _phone.SendRequestAsync(request, _server.LocalEndPoint, new SipCredentials("agent-7", "s3cret"))
            .WaitAsync(TestEndpoints.Timeout);

        Assert.Equal(200, response.StatusCode);
        Assert.Equal(2u, response.CSeq!.Value.Number);
        Assert.Equal(request.CallId, response.CallId);
        Assert.Equal($"<{_phone.ContactUri("agent-7")}>;expires=600", response.Headers["Contact"]);
        var contact = Assert.Single(_registrar.Lookup($"sip:agent-7@{Realm}"));
        Assert.Equal(_phone.LocalEndPoint, contact.Destination);
        Assert.Equal(_phone.LocalEndPoint, contact.Source);
    }

    [Fact]
    public async Task A_wrong_password_ends_with_401_and_no_binding()
    {
        var response = await _phone.SendRequestAsync(Register(), _server.LocalEndPoint, new SipCredentials("agent-7", "guess"))
            .WaitAsync(TestEndpoints.Timeout);

        Assert.Equal(401, response.StatusCode);
        Assert.Equal(2u, response.CSeq!.Value.Number);
        Assert.Empty(_registrar.Lookup($"sip:agent-7@{Realm}"));
    }

    [Fact]
    public async Task Credentials_for_another_realm_are_not_offered()
    {
        var response = await _phone.SendRequestAsync(Register(), _server.LocalEndPoint,
            new SipCredentials("agent-7", "s3cret", Realm: "elsewhere.example.com")).WaitAsync(TestEndpoints.Timeout);

        Assert.Equal(401, response.StatusCode);
        Assert.Equal(1u, response.CSeq!.Value.Number);
    }

    [Fact]
    public async Task Another_method_gets_405_naming_register_as_allowed()
    {
        var message = new SipRequest("MESSAGE", $"sip:{Realm}");

        var response = await _phone.SendRequestAsync(message, _server.LocalEndPoint).WaitAsync(TestEndpoints.Timeout);

        Assert.Equal(405, response.StatusCode);
        Assert.Contains("REGISTER", response.Headers["Allow"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_trunk_registration_raises_its_interval_on_423_and_can_unregister()
    {
        _store.Set("carrier-user", "trunk-pass");
        var trunk = new SipTrunk("carrier-a", [], _server.LocalEndPoint)
        {
            Credentials = new SipCredentials("carrier-user", "trunk-pass"),
            Registration = new TrunkRegistration($"sip:carrier-user@{Realm}", "4420799900") { Expires = TimeSpan.FromSeconds(60) },
        };
        await using var registration = new OutboundRegistration(_phone, trunk);

        var response = await registration.RegisterAsync().WaitAsync(TestEndpoints.Timeout);

        Assert.Equal(200, response.StatusCode);
        var contact = Assert.Single(_registrar.Lookup($"sip:carrier-user@{Realm}"));
        Assert.Equal(registration.ContactUri, contact.Uri);
        Assert.InRange(registration.ExpiresAt!.Value - DateTimeOffset.UtcNow, TimeSpan.FromSeconds(100), TimeSpan.FromSeconds(120));

        var removed = await registration.UnregisterAsync().WaitAsync(TestEndpoints.Timeout);

        Assert.Equal(200, removed.StatusCode);
        Assert.Empty(_registrar.Lookup($"sip:carrier-user@{Realm}"));
        Assert.Null(registration.ExpiresAt);
    }

    [Fact]
    public async Task A_trunk_registration_refreshes_before_it_expires_with_a_higher_cseq()
    {
        _store.Set("carrier-user", "trunk-pass");
        var clock = new ManualClock();
        var trunk = new SipTrunk("carrier-a", [], _server.LocalEndPoint)
        {
            Credentials = new SipCredentials("carrier-user", "trunk-pass"),
            Registration = new TrunkRegistration($"sip:carrier-user@{Realm}", "4420799900")
            {
                Expires = TimeSpan.FromSeconds(300),
                RefreshMargin = TimeSpan.FromSeconds(30),
            },
        };
        await using var registration = new OutboundRegistration(_phone, trunk, clock);
        var responses = new System.Collections.Concurrent.ConcurrentQueue<SipResponse>();
        registration.Completed += responses.Enqueue;

        registration.Start();
        await TestEndpoints.EventuallyAsync(() => responses.Count == 1 && clock.PendingTimers == 1, "the first registration completes");
        clock.Advance(TimeSpan.FromSeconds(269));
        await Task.Delay(100);
        Assert.Single(responses);
        clock.Advance(TimeSpan.FromSeconds(1));
        await TestEndpoints.EventuallyAsync(() => responses.Count == 2, "the registration is refreshed 30 s before expiry");

        var (first, second) = (responses.First(), responses.Last());
        Assert.Equal(200, second.StatusCode);
        Assert.Equal(first.CallId, second.CallId);
        Assert.True(second.CSeq!.Value.Number > first.CSeq!.Value.Number);
    }

    [Theory]
    [InlineData(3600, 30, 3570)]
    [InlineData(40, 30, 20)]
    public void Refresh_comes_a_margin_before_expiry_but_never_before_half_way(int granted, int margin, int expected) =>
        Assert.Equal(TimeSpan.FromSeconds(expected),
            OutboundRegistration.RefreshAfter(TimeSpan.FromSeconds(granted), TimeSpan.FromSeconds(margin)));
}

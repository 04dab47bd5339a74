using ContactCentre.Sip.Tests.Authentication;

namespace ContactCentre.Sip.Tests.Registrar;

/// <summary>Bindings kept in an <see cref="IBindingStore"/> outlive the registrar; REGISTERs for other domains get 404.</summary>
[Trait("Category", "Unit")]
public sealed class RegistrarStoreAndDomainSpec
{
    private const string Aor = "sip:agent-7@cc.example.com";

    private readonly FakeClock _clock = new();
    private readonly InMemoryBindingStore _store = new();

    private static SipRequest Register(string requestUri = "sip:cc.example.com", string expires = "600")
    {
        var request = new SipRequest("REGISTER", requestUri);
        request.Headers.Add("Via", "SIP/2.0/UDP 10.0.0.7:5060;branch=z9hG4bKstore1");
        request.Headers.Add("To", $"<{Aor}>");
        request.Headers.Add("From", $"<{Aor}>;tag=abc");
        request.Headers.Add("Call-ID", "store-call");
        request.Headers.Add("CSeq", "1 REGISTER");
        request.Headers.Add("Contact", "<sip:agent-7@10.0.0.7:5062>");
        request.Headers.Add("Expires", expires);
        return request;
    }

    private Sip.Registrar NewRegistrar(params string[] domains) =>
        new(_clock, new RegistrarOptions { Domains = domains }, _store);

    [Fact]
    public void A_binding_made_before_a_restart_is_found_after_it()
    {
        NewRegistrar().Register(Register());

        var restarted = NewRegistrar();

        var contact = Assert.Single(restarted.Lookup(Aor));
        Assert.Equal("sip:agent-7@10.0.0.7:5062", contact.Uri);
    }

    [Fact]
    public void A_restart_does_not_extend_a_binding()
    {
        NewRegistrar().Register(Register(expires: "600"));
        _clock.Advance(TimeSpan.FromSeconds(599));
        var restarted = NewRegistrar();
        var stillThere = restarted.Lookup(Aor).Count;

        _clock.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(1, stillThere);
        Assert.Empty(restarted.Lookup(Aor));
    }

    [Fact]
    public void Unregistering_removes_the_binding_from_the_store()
    {
        var registrar = NewRegistrar();
        registrar.Register(Register());
        var again = Register(expires: "0");
        again.Headers.Set("CSeq", "2 REGISTER");

        registrar.Register(again);

        Assert.Empty(_store.Get(Sip.Registrar.Canonical(Aor)!));
    }

    [Theory]
    [InlineData("sip:cc.example.com")]
    [InlineData("sip:CC.Example.COM:5070")]
    [InlineData("sip:192.0.2.10:5060")]
    [InlineData("sip:[2001:db8::10]")]
    public void A_register_for_one_of_our_domains_is_accepted(string requestUri)
    {
        var registrar = NewRegistrar("cc.example.com", "192.0.2.10", "2001:db8::10");

        var outcome = registrar.Register(Register(requestUri));

        Assert.Equal(200, outcome.StatusCode);
    }

    [Theory]
    [InlineData("sip:other.example.com")]
    [InlineData("sip:192.0.2.11")]
    public void A_register_for_another_domain_gets_404_and_binds_nothing(string requestUri)
    {
        var registrar = NewRegistrar("cc.example.com", "192.0.2.10");

        var outcome = registrar.Register(Register(requestUri));

        Assert.Equal(404, outcome.StatusCode);
        Assert.Empty(registrar.Lookup(Aor));
    }

    [Fact]
    public void Without_configured_domains_any_domain_is_accepted()
    {
        var outcome = NewRegistrar().Register(Register("sip:anything.example.net"));

        Assert.Equal(200, outcome.StatusCode);
    }
}

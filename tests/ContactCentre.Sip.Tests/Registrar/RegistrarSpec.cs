using System.Globalization;
using ContactCentre.Sip.Tests.Authentication;

namespace ContactCentre.Sip.Tests.Registrar;

[Trait("Category", "Unit")]
public sealed class RegistrarSpec
{
    private const string Aor = "sip:agent-7@cc.example.com";

    private readonly FakeClock _clock = new();
    private readonly Sip.Registrar _registrar;

    public RegistrarSpec()
    {
        _registrar = new Sip.Registrar(_clock, new RegistrarOptions
        {
            MinExpires = TimeSpan.FromSeconds(60),
            MaxExpires = TimeSpan.FromHours(1),
            DefaultExpires = TimeSpan.FromMinutes(30),
        });
    }

    private static SipRequest Register(uint cseq, string callId = "call-1", string? expires = null, params string[] contacts)
    {
        var request = new SipRequest("REGISTER", "sip:cc.example.com");
        request.Headers.Add("Via", "SIP/2.0/UDP 10.0.0.7:5060;branch=z9hG4bK" + cseq.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add("To", $"\"Agent 7\" <{Aor}>");
        request.Headers.Add("From", $"<{Aor}>;tag=abc");
        request.Headers.Add("Call-ID", callId);
        request.Headers.Add("CSeq", $"{cseq.ToString(CultureInfo.InvariantCulture)} REGISTER");
        foreach (var contact in contacts)
        {
            request.Headers.Add("Contact", contact);
        }
        if (expires is not null)
        {
            request.Headers.Add("Expires", expires);
        }
        return request;
    }

    private static IEnumerable<string> ContactHeaders(RegistrationOutcome outcome) =>
        outcome.Headers.Where(h => h.Key == "Contact").Select(h => h.Value);

    [Fact]
    public void A_phone_that_registers_is_found_by_its_address_of_record()
    {
        var outcome = _registrar.Register(Register(1, expires: "600", contacts: "<sip:agent-7@10.0.0.7:5062>"));

        Assert.Equal(200, outcome.StatusCode);
        Assert.Equal(["<sip:agent-7@10.0.0.7:5062>;expires=600"], ContactHeaders(outcome));
        var contact = Assert.Single(_registrar.Lookup(Aor));
        Assert.Equal("sip:agent-7@10.0.0.7:5062", contact.Uri);
        Assert.Equal(new System.Net.IPEndPoint(System.Net.IPAddress.Parse("10.0.0.7"), 5062), contact.Destination);
    }

    [Fact]
    public void Lookup_ignores_display_name_port_parameters_and_host_case()
    {
        _registrar.Register(Register(1, contacts: "<sip:agent-7@10.0.0.7>"));

        Assert.Single(_registrar.Lookup("<sip:agent-7@CC.Example.com:5060;transport=udp>"));
        Assert.Empty(_registrar.Lookup("sip:agent-8@cc.example.com"));
    }

    [Fact]
    public void An_aor_holds_several_contacts_and_the_200_lists_them_all()
    {
        _registrar.Register(Register(1, "desk", "600", "<sip:agent-7@10.0.0.7:5062>"));

        var outcome = _registrar.Register(Register(1, "softphone", "300", "<sip:agent-7@10.0.0.9:5060>;q=0.5"));

        Assert.Equal(2, _registrar.Lookup(Aor).Count);
        Assert.Equal(["<sip:agent-7@10.0.0.7:5062>;expires=600", "<sip:agent-7@10.0.0.9:5060>;expires=300"], ContactHeaders(outcome));
    }

    [Fact]
    public void The_contact_expires_parameter_wins_over_the_Expires_header()
    {
        var outcome = _registrar.Register(Register(1, expires: "600",
            contacts: ["<sip:agent-7@10.0.0.7>;expires=120", "<sip:agent-7@10.0.0.8>"]));

        Assert.Equal(["<sip:agent-7@10.0.0.7>;expires=120", "<sip:agent-7@10.0.0.8>;expires=600"], ContactHeaders(outcome));
    }

    [Fact]
    public void Without_any_expiry_the_default_is_used_and_too_long_is_cut_to_the_maximum()
    {
        Assert.Equal(["<sip:agent-7@10.0.0.7>;expires=1800"],
            ContactHeaders(_registrar.Register(Register(1, contacts: "<sip:agent-7@10.0.0.7>"))));
        Assert.Contains("<sip:agent-7@10.0.0.7>;expires=3600",
            ContactHeaders(_registrar.Register(Register(2, expires: "86400", contacts: "<sip:agent-7@10.0.0.7>"))));
    }

    [Fact]
    public void A_binding_disappears_when_it_expires()
    {
        _registrar.Register(Register(1, expires: "120", contacts: "<sip:agent-7@10.0.0.7>"));

        _clock.Advance(TimeSpan.FromSeconds(119));
        Assert.Equal(TimeSpan.FromSeconds(1), Assert.Single(_registrar.Lookup(Aor)).RemainingAt(_clock.GetUtcNow()));
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Empty(_registrar.Lookup(Aor));
    }

    [Fact]
    public void A_refresh_with_a_higher_cseq_extends_the_binding()
    {
        _registrar.Register(Register(1, expires: "120", contacts: "<sip:agent-7@10.0.0.7>"));
        _clock.Advance(TimeSpan.FromSeconds(100));

        _registrar.Register(Register(2, expires: "120", contacts: "<sip:agent-7@10.0.0.7>"));
        _clock.Advance(TimeSpan.FromSeconds(100));

        Assert.Single(_registrar.Lookup(Aor));
    }

    [Theory]
    [InlineData(1u)]
    [InlineData(4u)]
    public void A_register_in_the_same_call_id_without_a_higher_cseq_is_refused_and_changes_nothing(uint cseq)
    {
        _registrar.Register(Register(4, expires: "600", contacts: "<sip:agent-7@10.0.0.7>"));

        var outcome = _registrar.Register(Register(cseq, expires: "0", contacts: "<sip:agent-7@10.0.0.7>"));

        Assert.Equal(500, outcome.StatusCode);
        Assert.Single(_registrar.Lookup(Aor));
    }

    [Fact]
    public void A_new_call_id_may_update_a_binding_whatever_its_cseq()
    {
        _registrar.Register(Register(9, "old-boot", "600", "<sip:agent-7@10.0.0.7>"));

        var outcome = _registrar.Register(Register(1, "new-boot", "0", "<sip:agent-7@10.0.0.7>"));

        Assert.Equal(200, outcome.StatusCode);
        Assert.Empty(_registrar.Lookup(Aor));
    }

    [Fact]
    public void An_interval_below_the_minimum_gets_423_with_Min_Expires()
    {
        var outcome = _registrar.Register(Register(1, expires: "30", contacts: "<sip:agent-7@10.0.0.7>"));

        Assert.Equal(423, outcome.StatusCode);
        Assert.Equal("Interval Too Brief", outcome.Reason);
        Assert.Contains(new KeyValuePair<string, string>("Min-Expires", "60"), outcome.Headers);
        Assert.Empty(_registrar.Lookup(Aor));
    }

    [Fact]
    public void Expires_zero_on_one_contact_removes_only_that_contact()
    {
        _registrar.Register(Register(1, expires: "600", contacts: ["<sip:agent-7@10.0.0.7>", "<sip:agent-7@10.0.0.8>"]));

        var outcome = _registrar.Register(Register(2, contacts: "<sip:agent-7@10.0.0.7>;expires=0"));

        Assert.Equal(["<sip:agent-7@10.0.0.8>;expires=600"], ContactHeaders(outcome));
    }

    [Fact]
    public void A_wildcard_with_Expires_zero_removes_every_contact()
    {
        _registrar.Register(Register(1, "desk", "600", "<sip:agent-7@10.0.0.7>"));
        _registrar.Register(Register(1, "softphone", "600", "<sip:agent-7@10.0.0.8>"));

        var outcome = _registrar.Register(Register(2, "desk", "0", "*"));

        Assert.Equal(200, outcome.StatusCode);
        Assert.Empty(ContactHeaders(outcome));
        Assert.Empty(_registrar.Lookup(Aor));
    }

    [Theory]
    [InlineData("600")]
    [InlineData(null)]
    public void A_wildcard_without_Expires_zero_is_a_bad_request(string? expires)
    {
        Assert.Equal(400, _registrar.Register(Register(1, expires: expires, contacts: "*")).StatusCode);
    }

    [Fact]
    public void A_register_without_contacts_is_a_query_for_the_current_bindings()
    {
        _registrar.Register(Register(1, expires: "600", contacts: "<sip:agent-7@10.0.0.7>"));
        _clock.Advance(TimeSpan.FromSeconds(100));

        var outcome = _registrar.Register(Register(2));

        Assert.Equal(["<sip:agent-7@10.0.0.7>;expires=500"], ContactHeaders(outcome));
    }

    [Fact]
    public void A_phone_authenticated_as_another_user_may_not_change_this_aor()
    {
        var outcome = _registrar.Register(Register(1, contacts: "<sip:agent-7@10.0.0.7>"), authenticatedUser: "agent-8");

        Assert.Equal(403, outcome.StatusCode);
        Assert.Empty(_registrar.Lookup(Aor));
    }

    [Fact]
    public void Higher_q_contacts_come_first()
    {
        _registrar.Register(Register(1, expires: "600",
            contacts: ["<sip:agent-7@10.0.0.7>;q=0.2", "<sip:agent-7@10.0.0.8>;q=0.9"]));

        Assert.Equal(["sip:agent-7@10.0.0.8", "sip:agent-7@10.0.0.7"], _registrar.Lookup(Aor).Select(c => c.Uri));
    }

    [Fact]
    public void Changes_are_announced_with_the_current_bindings()
    {
        var announced = new List<(string Aor, int Count)>();
        _registrar.BindingsChanged += (aor, contacts) => announced.Add((aor, contacts.Count));

        _registrar.Register(Register(1, expires: "600", contacts: "<sip:agent-7@10.0.0.7>"));
        _registrar.Register(Register(2, expires: "0", contacts: "*"));

        Assert.Equal([(Aor, 1), (Aor, 0)], announced);
    }
}

using System.Net;
using ContactCentre.Domain.Configuration;
using ContactCentre.Sip;

namespace ContactCentre.Host.Calls;

/// <summary>
/// Who may use the contact centre's SIP side: agents' phones register with digest credentials
/// (the agent's <c>sipPassword</c>), and inbound calls come only from configured trunks once any exist.
/// </summary>
public sealed class SipAccess
{
    private readonly InboundTrunkFilter _trunks;

    /// <param name="domains">The domains REGISTERs may name (RFC 3261 §10.3 step 1); empty accepts any.</param>
    /// <param name="bindings">Where registrations are kept; in memory when null.</param>
    public SipAccess(ContactCentreConfiguration configuration, string realm, IReadOnlyList<DigestAlgorithm> algorithms, TimeProvider time,
        IReadOnlyCollection<string>? domains = null, IBindingStore? bindings = null)
    {
        var store = new InMemorySipCredentialStore();
        foreach (var agent in configuration.Agents.Values.Where(a => a.SipPassword is not null))
            store.Set(agent.Id, agent.SipPassword!);
        Authenticator = new DigestAuthenticator(realm, store, time, new DigestAuthenticatorOptions { Algorithms = algorithms });
        Registrar = new Registrar(time, new RegistrarOptions { Domains = domains ?? [] }, bindings);
        Trunks = configuration.Trunks.Select(ToSipTrunk).ToList();
        _trunks = new InboundTrunkFilter(Trunks);
    }

    public Registrar Registrar { get; }
    public DigestAuthenticator Authenticator { get; }
    public IReadOnlyList<SipTrunk> Trunks { get; }

    /// <summary>Wires REGISTER (authenticated) and the trunk check for INVITEs into the endpoint.</summary>
    public void Serve(SipEndpoint sip, Func<IncomingCall, Task> onInvite)
    {
        sip.OnRequest = Registrar.RequestHandler(Authenticator);
        sip.OnInvite = _trunks.Protect(onInvite);
    }

    /// <summary>
    /// Where to ring a device: a phone registered under that address of record, else the URI's own host (an IP, or a
    /// name resolved by <paramref name="sip"/>) and port; null when it is neither. A name that does not resolve
    /// throws <see cref="SipHostNotResolvedException"/> naming it.
    /// </summary>
    public async Task<(string RequestUri, IPEndPoint Destination)?> LocateAsync(string deviceUri, SipEndpoint sip, CancellationToken ct = default)
    {
        if (Registrar.Canonical(deviceUri) is { } aor && Registrar.Lookup(aor) is [var contact, ..] && contact.Destination is { } registered)
            return (contact.Uri, registered);
        return SipUri.TryParse(deviceUri, out var uri) ? (deviceUri, await sip.ResolveAsync(uri!, ct)) : null;
    }

    private static SipTrunk ToSipTrunk(TrunkDefinition t) =>
        new(t.Name, t.InboundAddresses.Select(AddressRange.Parse).ToList(), t.OutboundProxy is null ? null : IPEndPoint.Parse(t.OutboundProxy))
        {
            Credentials = t.Username is null ? null : new SipCredentials(t.Username, t.Password ?? ""),
        };
}

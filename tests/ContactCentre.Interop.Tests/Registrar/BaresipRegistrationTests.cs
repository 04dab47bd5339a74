using System.Collections.Concurrent;
using System.Net;
using ContactCentre.Interop.Tests.Peers;
using ContactCentre.Sip;
using Xunit.Abstractions;
using SipRegistrar = ContactCentre.Sip.Registrar;

namespace ContactCentre.Interop.Tests.Registrar;

/// <summary>
/// baresip as an agent's phone: it registers with our registrar through a digest challenge, the registrar
/// shows its contact, and a call from our endpoint to that contact is answered.
/// </summary>
[Trait("Category", "Interop")]
public sealed class BaresipRegistrationTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string Realm = "contactcentre";
    private const string Agent = "agent-7";
    private const string Password = "s3cret-7";

    // Debian's baresip 1.0 (libre 1.x) answers any SHA-256 challenge with ENOSYS ("Register: Function not
    // implemented") instead of ignoring it as RFC 8760 §2.4 asks, even when MD5 is offered too.
    private static readonly DigestAuthenticatorOptions Md5Only = new() { Algorithms = [DigestAlgorithm.Md5] };

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    private readonly ConcurrentQueue<SipRequest> _registers = new();
    private readonly InMemorySipCredentialStore _store = new();
    private SipEndpoint _server = null!;
    private SipRegistrar _registrar = null!;

    public async Task InitializeAsync()
    {
        _store.Set(Agent, Password);
        _server = await SipEndpoint.StartAsync(new SipEndpointOptions(IPAddress.Loopback, 0));
        _server.Diagnostic += line => output.WriteLine($"endpoint: {line}");
        _registrar = new SipRegistrar();
        var handler = _registrar.RequestHandler(new DigestAuthenticator(Realm, _store, options: Md5Only));
        _server.OnRequest = request =>
        {
            _registers.Enqueue(request.Request);
            return handler(request);
        };
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private static async Task EventuallyAsync(Func<bool> condition, string what, BaresipRunner phone)
    {
        var deadline = DateTime.UtcNow + Wait;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Timed out waiting until {what}.\nbaresip output:\n{phone.Output}");
            await Task.Delay(50);
        }
    }

    private string Aor => $"sip:{Agent}@{LoopbackPorts.Address}";

    [Fact]
    public async Task Baresip_registers_with_digest_and_answers_a_call_to_its_registered_contact()
    {
        await using var phone = await RegisteringBaresip.StartAsync(Agent, Password, _server.LocalEndPoint.Port, 60, StartTimeout);

        // baresip registers at start-up, before ctrl_tcp is connected, so its REGISTER_OK event is not seen:
        // the registrar's own bindings are what count.
        await EventuallyAsync(() => _registrar.Lookup(Aor).Count > 0, "the registrar binds baresip's contact", phone);

        var contact = Assert.Single(_registrar.Lookup(Aor));
        output.WriteLine($"Registered contact {contact.Uri}, expires {contact.ExpiresAt:O}");
        foreach (var register in _registers)
        {
            output.WriteLine($"REGISTER CSeq {register.Headers["CSeq"]} Authorization: {register.Headers["Authorization"]}");
        }
        Assert.Equal(phone.SipPort, contact.Destination!.Port);
        Assert.Contains(_registers, r => r.Headers["Authorization"] is not null);
        Assert.Contains(_registers, r => r.Headers["Authorization"] is null);

        var offer = SdpMessage.CreateAudio(IPAddress.Loopback, LoopbackPorts.FreeUdpPort(), [SdpFormat.Pcmu]).ToString();
        var result = await _server.InviteAsync(new OutgoingCallOptions(contact.Uri, contact.Destination, "sip:queue-sales@127.0.0.1",
            Aor, offer)).WaitAsync(Wait);

        Assert.True(result.Answered, $"baresip answered {result.FinalResponse.StatusCode} {result.FinalResponse.Reason}\n{phone.Output}");
        await phone.WaitForEventAsync("CALL_ESTABLISHED", Wait);
        await result.Dialog!.HangUpAsync();
        await phone.WaitForEventAsync("CALL_CLOSED", Wait);
    }

    [Fact]
    public async Task Baresip_with_a_wrong_password_is_not_registered()
    {
        await using var phone = await RegisteringBaresip.StartAsync(Agent, "guess", _server.LocalEndPoint.Port, 60, StartTimeout);

        await EventuallyAsync(() => _registers.Any(r => r.Headers["Authorization"] is not null), "baresip answers the challenge", phone);
        await EventuallyAsync(() => phone.Output.Contains("401 Unauthorized", StringComparison.Ordinal),
            "baresip reports the refusal", phone);

        Assert.Empty(_registrar.Lookup(Aor));
    }
}

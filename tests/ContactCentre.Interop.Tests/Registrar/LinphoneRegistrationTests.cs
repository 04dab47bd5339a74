using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using ContactCentre.Interop.Tests.Peers;
using ContactCentre.Sip;
using Xunit.Abstractions;
using SipRegistrar = ContactCentre.Sip.Registrar;

namespace ContactCentre.Interop.Tests.Registrar;

/// <summary>linphonec as an agent's phone: it registers through a digest challenge that offers SHA-256 first.</summary>
[Trait("Category", "Interop")]
public sealed class LinphoneRegistrationTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string Realm = "contactcentre";
    private const string Agent = "agent-8";
    private const string Password = "s3cret-8";

    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    private readonly ConcurrentQueue<SipRequest> _registers = new();
    private readonly InMemorySipCredentialStore _store = new();
    private SipEndpoint _server = null!;
    private SipRegistrar _registrar = null!;

    public async Task InitializeAsync()
    {
        _store.Set(Agent, Password);
        _server = await SipEndpoint.StartAsync(new SipEndpointOptions(IPAddress.Loopback, 0));
        _registrar = new SipRegistrar();
        var handler = _registrar.RequestHandler(new DigestAuthenticator(Realm, _store));
        _server.OnRequest = request =>
        {
            _registers.Enqueue(request.Request);
            return handler(request);
        };
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Linphone_registers_with_sha256_digest_and_answers_a_call_to_its_registered_contact()
    {
        await using var phone = LinphoneRunner.Start();
        var port = _server.LocalEndPoint.Port.ToString(CultureInfo.InvariantCulture);
        var aor = $"sip:{Agent}@{LoopbackPorts.Address}";

        await phone.SendAsync("soundcard use files");
        await phone.SendAsync("autoanswer enable");
        await phone.SendAsync($"register {aor}:{port} sip:{LoopbackPorts.Address}:{port} {Password}");
        var deadline = DateTime.UtcNow + Wait;
        while (_registrar.Lookup(aor).Count == 0)
        {
            Assert.True(DateTime.UtcNow < deadline, $"linphonec did not register.\nlinphonec output:\n{phone.Output}");
            await Task.Delay(50);
        }

        var contact = Assert.Single(_registrar.Lookup(aor));
        foreach (var register in _registers)
        {
            output.WriteLine($"REGISTER CSeq {register.Headers["CSeq"]} Authorization: {register.Headers["Authorization"]}");
        }
        output.WriteLine($"Registered contact {contact.Uri}");
        Assert.Equal(phone.SipPort, contact.Destination!.Port);
        Assert.Contains(_registers, r => r.Headers["Authorization"]?.Contains("algorithm=SHA-256", StringComparison.OrdinalIgnoreCase) == true);

        var offer = SdpMessage.CreateAudio(IPAddress.Loopback, LoopbackPorts.FreeUdpPort(), [SdpFormat.Pcmu]).ToString();
        var result = await _server.InviteAsync(new OutgoingCallOptions(contact.Uri, contact.Destination, "sip:queue-sales@127.0.0.1",
            aor, offer)).WaitAsync(Wait);

        Assert.True(result.Answered, $"linphonec answered {result.FinalResponse.StatusCode} {result.FinalResponse.Reason}\n{phone.Output}");
        await result.Dialog!.HangUpAsync();
    }
}

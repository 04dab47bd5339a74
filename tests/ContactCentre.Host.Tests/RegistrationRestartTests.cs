using ContactCentre.Host.Hosting;
using ContactCentre.Sip;
using ContactCentre.Simulator.Agents;
using ContactCentre.Simulator.Callers;
using ContactCentre.Simulator.Phones;

namespace ContactCentre.Host.Tests;

/// <summary>
/// The host's registrar: registrations kept in the data folder's SQLite file (a registered agent phone still rings
/// after a restart), and only for the host's own domains.
/// </summary>
[Trait("Category", "Integration")]
public sealed class RegistrationRestartTests : IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);
    private readonly string _data = Path.Combine(Path.GetTempPath(), "ccref-registration-" + Guid.NewGuid().ToString("N"));

    private Task<ContactCentreHost> StartAsync() =>
        ContactCentreHost.StartAsync(["--Sip:Port=0", "--Web:Port=0", $"--Data:Path={_data}", "--Logging:LogLevel:Default=Warning"]);

    [Fact]
    public async Task A_phone_registered_before_a_restart_is_rung_after_it()
    {
        // The phone outlives the host, as a desk phone does: it registered once and will not again for an hour.
        await using var phone = await SimulatedPhone.StartAsync("agent1");
        await using (var host = await StartAsync())
        {
            var registered = await phone.RegisterAsync(host.SipEndPoint, "sip:agent1@contactcentre", new SipCredentials("agent1", "agent1-demo"));
            Assert.Equal(200, registered.StatusCode);
        }

        await using (var host = await StartAsync())
        {
            await using var agent = await SimulatedAgent.StartAsync("agent1", "agent1-demo", new Uri($"ws://127.0.0.1:{host.WebUri.Port}/agent/ws"));
            await agent.Desktop.LoginAsync("agent1", "agent1-demo", "sip:agent1@contactcentre");
            await agent.WaitForStateAsync("Ready", Wait);

            await using var caller = await SimulatedCaller.StartAsync();
            var call = await caller.CallAsync(host.SipEndPoint, "0201234567");
            Assert.True(await call.Heard.WaitForPromptAsync(RunningContactCentre.Prompt("menu"), Wait));
            await call.PressAsync("1");
            var rung = await phone.NextAnsweredCallAsync(Wait);

            Assert.NotNull(rung);
            await call.HangUpAsync();
        }
    }

    [Theory]
    [InlineData("sip:contactcentre", 401)]
    [InlineData("sip:127.0.0.1", 401)]
    [InlineData("sip:other.example.com", 404)]
    public async Task A_register_is_challenged_in_our_domains_and_refused_in_others(string requestUri, int expected)
    {
        await using var host = await StartAsync();
        await using var phone = await SipEndpoint.StartAsync(new SipEndpointOptions(System.Net.IPAddress.Loopback, 0));
        var register = new SipRequest("REGISTER", requestUri);
        register.Headers.Add("To", "<sip:agent1@contactcentre>");
        register.Headers.Add("From", "<sip:agent1@contactcentre>;tag=domain-test");
        register.Headers.Add("Contact", $"<{phone.ContactUri("agent1")}>");

        var response = await phone.SendRequestAsync(register, host.SipEndPoint).WaitAsync(Wait);

        Assert.Equal(expected, response.StatusCode);
    }

    public void Dispose()
    {
        try { Directory.Delete(_data, recursive: true); }
        catch (IOException) { /* the OS cleans temp */ }
    }
}

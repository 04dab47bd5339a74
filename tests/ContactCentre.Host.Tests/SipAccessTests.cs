using System.Net.WebSockets;
using System.Text;
using ContactCentre.Media;
using ContactCentre.Sip;
using ContactCentre.Simulator.Agents;
using ContactCentre.Simulator.Callers;
using ContactCentre.Simulator.Phones;

namespace ContactCentre.Host.Tests;

/// <summary>The host's SIP access rules: registered agent phones with digest, trunks, SIP over WebSocket.</summary>
[Trait("Category", "Integration")]
public sealed class SipAccessTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task An_agent_phone_registered_with_digest_is_rung_through_its_registration()
    {
        await using var centre = await RunningContactCentre.StartAsync();
        await using var agent = await SimulatedAgent.StartAsync("agent1", centre.PasswordOf("agent1"), centre.Desktop);
        agent.SpeaksWith(() => new ToneSource(600));

        var wrong = await agent.Phone.RegisterAsync(centre.Host.SipEndPoint, "sip:agent1@contactcentre", new SipCredentials("agent1", "nope"));
        Assert.Equal(401, wrong.StatusCode);
        var registered = await agent.Phone.RegisterAsync(centre.Host.SipEndPoint, "sip:agent1@contactcentre", new SipCredentials("agent1", "agent1-demo"));
        Assert.Equal(200, registered.StatusCode);

        // The desktop names the address of record, not the phone's address: the registrar knows where it is.
        await agent.Desktop.LoginAsync("agent1", centre.PasswordOf("agent1"), "sip:agent1@contactcentre");
        await agent.WaitForStateAsync("Ready", Wait);

        await using var caller = await SimulatedCaller.StartAsync();
        var call = await caller.CallAsync(centre.Host.SipEndPoint, "0201234567");
        Assert.True(await call.Heard.WaitForPromptAsync(RunningContactCentre.Prompt("menu"), Wait));
        await call.PressAsync("1");
        var agentCall = await agent.NextCallAsync(Wait);
        Assert.True(await call.Heard.WaitForToneAsync(600, Wait), "the caller did not hear the agent on the registered phone");
        await call.HangUpAsync();
        await agentCall.Ended.WaitAsync(Wait);
    }

    [Fact]
    public async Task Once_a_trunk_is_configured_calls_from_other_addresses_get_403()
    {
        var demo = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "demo", "contact-centre.json"));
        var withTrunk = demo.Replace("\"queues\":", "\"trunks\": [ { \"name\": \"carrier\", \"inboundAddresses\": [ \"192.0.2.0/24\" ] } ],\n  \"queues\":", StringComparison.Ordinal);
        var path = Path.Combine(Path.GetTempPath(), $"ccref-trunk-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(path, withTrunk);
        try
        {
            await using var centre = await RunningContactCentre.StartAsync($"--ContactCentre:Configuration={path}",
                $"--ContactCentre:Audio={Path.Combine(AppContext.BaseDirectory, "demo", "audio")}");
            await using var phone = await SimulatedPhone.StartAsync("+358401234567");
            var (response, call) = await phone.DialAsync(centre.Host.SipEndPoint, "0201234567");
            Assert.Null(call);
            Assert.Equal(403, response.StatusCode);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task SIP_over_WebSocket_answers_OPTIONS_at_sip_ws()
    {
        await using var centre = await RunningContactCentre.StartAsync();
        using var socket = new ClientWebSocket();
        socket.Options.AddSubProtocol("sip");
        await socket.ConnectAsync(new Uri($"ws://127.0.0.1:{centre.Host.WebUri.Port}/sip/ws"), CancellationToken.None);
        var options = """
            OPTIONS sip:contactcentre SIP/2.0
            Via: SIP/2.0/WS df7jal23ls0d.invalid;branch=z9hG4bK-ws-1
            Max-Forwards: 70
            From: <sip:probe@df7jal23ls0d.invalid>;tag=ws1
            To: <sip:contactcentre>
            Call-ID: ws-probe-1
            CSeq: 1 OPTIONS
            Content-Length: 0


            """.ReplaceLineEndings("\r\n");
        await socket.SendAsync(Encoding.UTF8.GetBytes(options), WebSocketMessageType.Text, true, CancellationToken.None);
        var buffer = new byte[8192];
        var received = await socket.ReceiveAsync(buffer, CancellationToken.None).WaitAsync(Wait);
        Assert.StartsWith("SIP/2.0 200", Encoding.UTF8.GetString(buffer, 0, received.Count));
    }
}

using System.Net.WebSockets;
using Akka.Actor;
using ContactCentre.Actors.Agents;
using ContactCentre.Domain.Agents;
using ContactCentre.Host.Desktop;
using ContactCentre.Simulator.Agents;
using ContactCentre.Simulator.Callers;

namespace ContactCentre.Host.Tests.Desktop;

/// <summary>
/// The desktop protocol's authentication (docs/agent-protocol.md, "Authentication") over a real WebSocket: a login
/// carries the agent's password, nothing else is served before one succeeds, guessing closes the socket, and a session
/// acts for its own agent only.
/// </summary>
[Trait("Category", "Integration")]
public sealed class DesktopAuthenticationTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    /// <summary>
    /// agent1 has its own desktop password besides its SIP one, agent2 only a SIP password, agent3 none; every call goes
    /// to the queue support, which only agent1 and agent3 serve.
    /// </summary>
    private async Task<RunningContactCentre> StartAsync()
    {
        return await RunningContactCentre.StartWithConfigurationAsync("""
            {
              "countryCallingCode": "358",
              "serviceNumbers": [ { "number": "0201234567", "flow": "Front" } ],
              "queues": [ { "name": "support" }, { "name": "sales" } ],
              "agents": [
                { "id": "agent1", "queues": [ "support" ], "sipPassword": "agent1-sip", "desktopPassword": "agent1-desk" },
                { "id": "agent2", "queues": [ "sales" ], "sipPassword": "agent2-sip" },
                { "id": "agent3", "queues": [ "support" ] } ],
              "flows": [ { "name": "Front", "start": "support", "modules": [
                { "type": "queue", "name": "support", "queue": "support", "prompts": [ "queue-support" ] } ] } ]
            }
            """);
    }

    private static async Task<string?> NextErrorAsync(DesktopClient desktop) =>
        (await desktop.NextAsync("error", Wait)).GetProperty("message").GetString();

    [Fact]
    public async Task The_desktop_password_logs_in_and_without_one_the_SIP_password_does()
    {
        await using var centre = await StartAsync();
        await using var agent1 = await DesktopClient.ConnectAsync(centre.Desktop);
        await using var agent2 = await DesktopClient.ConnectAsync(centre.Desktop);

        // agent1's SIP password is not its desktop password: the desktop one is set.
        await agent1.LoginAsync("agent1", "agent1-sip", "sip:agent1@127.0.0.1:5070");
        Assert.Equal("login: unknown agent or wrong password for 'agent1'", await NextErrorAsync(agent1));
        await agent1.LoginAsync("agent1", "agent1-desk", "sip:agent1@127.0.0.1:5070");
        Assert.Equal("agent1", (await agent1.NextStateAsync("Ready", Wait)).GetProperty("agent").GetString());

        await agent2.LoginAsync("agent2", "agent2-sip", "sip:agent2@127.0.0.1:5071");
        Assert.Equal("agent2", (await agent2.NextStateAsync("Ready", Wait)).GetProperty("agent").GetString());
    }

    [Fact]
    public async Task A_wrong_or_missing_password_an_unknown_agent_and_one_without_a_password_are_refused_alike_and_serve_nothing()
    {
        await using var centre = await StartAsync();
        await using var desktop = await DesktopClient.ConnectAsync(centre.Desktop);

        await desktop.LoginAsync("agent2", "agent2-SIP", "sip:agent2@127.0.0.1:5071");
        Assert.Equal("login: unknown agent or wrong password for 'agent2'", await NextErrorAsync(desktop));
        // No oracle of agent ids: an agent that does not exist, or cannot log in, gets the same reply.
        await desktop.LoginAsync("agent9", "agent2-sip", "sip:agent9@127.0.0.1:5071");
        Assert.Equal("login: unknown agent or wrong password for 'agent9'", await NextErrorAsync(desktop));
        await desktop.LoginAsync("agent3", "", "sip:agent3@127.0.0.1:5071");
        Assert.Equal("login: unknown agent or wrong password for 'agent3'", await NextErrorAsync(desktop));
        await desktop.SendAsync(new { type = "login", agent = "agent2", device = "sip:agent2@127.0.0.1:5071" });
        Assert.Equal("login: field 'password' is missing (the agent's desktop password)", await NextErrorAsync(desktop));

        // The session is still nobody's: it may not act, and the agent was not logged in.
        await desktop.ReadyAsync();
        Assert.Equal("ready: log in first", await NextErrorAsync(desktop));
        foreach (var agent in new[] { "agent2", "agent3" })
            Assert.Equal(AgentStatus.LoggedOut, (await centre.Host.Actors.Agents[agent].Ask<AgentPresence>(new GetPresence(), Wait)).Status);
    }

    [Fact]
    public async Task Every_message_before_a_login_is_refused()
    {
        await using var centre = await RunningContactCentre.StartAsync();
        await using var desktop = await DesktopClient.ConnectAsync(centre.Desktop);

        await desktop.SendAsync(new { type = "queues" });
        Assert.Equal("queues: log in first", await NextErrorAsync(desktop));
        await desktop.CallAsync("+358401234567");
        Assert.Equal("call: log in first", await NextErrorAsync(desktop));
        await desktop.LogoutAgentAsync("agent2");
        Assert.Equal("logoutAgent: log in first", await NextErrorAsync(desktop));
        await desktop.HangUpAsync();
        Assert.Equal("hangup: log in first", await NextErrorAsync(desktop));

        // The demo's agents log in with their SIP passwords.
        await desktop.LoginAsync("agent1", "agent1-demo", "sip:agent1@127.0.0.1:5070");
        await desktop.NextStateAsync("Ready", Wait);
        Assert.Equal(2, (await desktop.QueuesAsync(Wait)).GetArrayLength());
    }

    [Fact]
    public async Task After_five_failed_logins_the_socket_is_closed_as_a_policy_violation()
    {
        await using var centre = await RunningContactCentre.StartAsync();
        await using var desktop = await DesktopClient.ConnectAsync(centre.Desktop);

        for (var attempt = 1; attempt < AgentDesktopEndpoint.MaxFailedLogins; attempt++)
        {
            await desktop.LoginAsync("agent1", $"guess-{attempt}", "sip:agent1@127.0.0.1:5070");
            Assert.Equal("login: unknown agent or wrong password for 'agent1'", await NextErrorAsync(desktop));
        }
        Assert.Null(desktop.CloseStatus);

        await desktop.LoginAsync("agent1", "guess-5", "sip:agent1@127.0.0.1:5070");
        Assert.Equal("login: unknown agent or wrong password for 'agent1'", await NextErrorAsync(desktop));
        await desktop.Closed.WaitAsync(Wait);
        Assert.Equal(WebSocketCloseStatus.PolicyViolation, desktop.CloseStatus);

        // A new connection may try again: the right password still works.
        await using var again = await DesktopClient.ConnectAsync(centre.Desktop);
        await again.LoginAsync("agent1", "agent1-demo", "sip:agent1@127.0.0.1:5070");
        await again.NextStateAsync("Ready", Wait);
    }

    [Fact]
    public async Task After_too_many_failed_logins_from_one_address_even_the_right_password_is_refused_from_it_on_new_connections()
    {
        await using var centre = await RunningContactCentre.StartAsync("--Desktop:MaxFailedLoginsPerAddress=7");
        // 5 failures close the first connection; 2 more on a second one reach the address's limit of 7.
        await using (var first = await DesktopClient.ConnectAsync(centre.Desktop))
            for (var attempt = 1; attempt <= AgentDesktopEndpoint.MaxFailedLogins; attempt++)
            {
                await first.LoginAsync("agent1", $"guess-{attempt}", "sip:agent1@127.0.0.1:5070");
                Assert.Equal("login: unknown agent or wrong password for 'agent1'", await NextErrorAsync(first));
            }
        await using var second = await DesktopClient.ConnectAsync(centre.Desktop);
        for (var attempt = 6; attempt <= 7; attempt++)
        {
            await second.LoginAsync("agent2", $"guess-{attempt}", "sip:agent2@127.0.0.1:5071");
            Assert.Equal("login: unknown agent or wrong password for 'agent2'", await NextErrorAsync(second));
        }

        await second.LoginAsync("agent1", "agent1-demo", "sip:agent1@127.0.0.1:5070");
        Assert.Matches(@"^login: too many failed logins from your address; try again in \d+ s$", await NextErrorAsync(second));
        await using var third = await DesktopClient.ConnectAsync(centre.Desktop);
        await third.LoginAsync("agent1", "agent1-demo", "sip:agent1@127.0.0.1:5070");
        Assert.StartsWith("login: too many failed logins from your address", await NextErrorAsync(third));
        await third.SendAsync(new { type = "ready" });
        Assert.Equal("ready: log in first", await NextErrorAsync(third));
    }

    [Fact]
    public async Task A_session_controls_its_own_agent_only_another_agent_and_a_failed_login_cannot_hang_up_its_call()
    {
        await using var centre = await StartAsync();
        await using var agent1 = await SimulatedAgent.StartAsync("agent1", "agent1-desk", centre.Desktop);
        await agent1.LogInAsync();
        await using var caller = await SimulatedCaller.StartAsync("+358401234567");
        var call = await caller.CallAsync(centre.Host.SipEndPoint, "0201234567");
        await agent1.NextCallAsync(Wait);
        await agent1.WaitForCallAsync("connected", Wait);

        await using var agent2 = await DesktopClient.ConnectAsync(centre.Desktop);
        await agent2.LoginAsync("agent2", "agent2-sip", "sip:agent2@127.0.0.1:5071");
        await agent2.NextStateAsync("Ready", Wait);
        await agent2.HangUpAsync();
        Assert.Equal("hangup: agent2 has no call", await NextErrorAsync(agent2));

        await using var intruder = await DesktopClient.ConnectAsync(centre.Desktop);
        await intruder.LoginAsync("agent1", "agent1-sip", "sip:intruder@127.0.0.1:5072");
        Assert.Equal("login: unknown agent or wrong password for 'agent1'", await NextErrorAsync(intruder));
        await intruder.HangUpAsync();
        Assert.Equal("hangup: log in first", await NextErrorAsync(intruder));

        // agent1's call went on: the next thing its desktop shows is the hold it asks for, not an end.
        Assert.False(call.Ended.IsCompleted, "the caller's call ended");
        await agent1.Desktop.HoldAsync();
        Assert.Equal("held", (await agent1.Desktop.NextAsync("call", Wait)).GetProperty("state").GetString());
    }
}

using ContactCentre.Simulator.Agents;

namespace ContactCentre.Host.Tests.Desktop;

/// <summary>The "Agent state" part of the desktop protocol over a real WebSocket to the demo host.</summary>
[Trait("Category", "Integration")]
public sealed class AgentStateProtocolTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task An_agent_logs_in_to_one_queue_pauses_with_a_configured_reason_and_is_refused_an_unknown_one()
    {
        await using var centre = await RunningContactCentre.StartAsync();
        await using var desktop = await DesktopClient.ConnectAsync(centre.Desktop);

        await desktop.LoginAsync("agent2", centre.PasswordOf("agent2"), "sip:agent2@127.0.0.1:5070", ["sales"]);
        var ready = await desktop.NextStateAsync("Ready", Wait);
        Assert.Equal(["sales"], ready.GetProperty("queues").EnumerateArray().Select(q => q.GetString()));

        await desktop.PauseAsync("Coffee");
        var error = await desktop.NextAsync("error", Wait);
        Assert.Equal("pause: unknown reason 'Coffee'; configured reasons: Lunch, Training, Meeting", error.GetProperty("message").GetString());

        await desktop.PauseAsync("Lunch");
        var paused = await desktop.NextStateAsync("Paused", Wait);
        Assert.Equal("Lunch", paused.GetProperty("pauseReason").GetString());

        await desktop.EndWrapUpAsync();
        Assert.Equal("endWrapUp: agent 'agent2' is Paused, not in wrap-up", (await desktop.NextAsync("error", Wait)).GetProperty("message").GetString());

        await desktop.ReadyAsync();
        var back = await desktop.NextStateAsync("Ready", Wait);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, back.GetProperty("pauseReason").ValueKind);
    }

    [Fact]
    public async Task A_login_to_a_queue_the_agent_does_not_serve_or_with_bad_queues_is_refused_by_name()
    {
        await using var centre = await RunningContactCentre.StartAsync();
        await using var desktop = await DesktopClient.ConnectAsync(centre.Desktop);
        await desktop.LoginAsync("agent2", centre.PasswordOf("agent2"), "softphone", ["billing"]);
        Assert.Equal("login: agent 'agent2' does not serve queue 'billing' (serves: support, sales)",
            (await desktop.NextAsync("error", Wait)).GetProperty("message").GetString());
        await desktop.SendAsync(new { type = "login", agent = "agent2", password = centre.PasswordOf("agent2"), device = "softphone", queues = "sales" });
        Assert.Equal("login: field 'queues' must be a list of queue names", (await desktop.NextAsync("error", Wait)).GetProperty("message").GetString());
        await desktop.SendAsync(new { type = "pause" });
        Assert.Equal("pause: field 'reason' is missing or not text", (await desktop.NextAsync("error", Wait)).GetProperty("message").GetString());
    }

    [Fact]
    public async Task A_supervisor_logs_an_agent_out_and_an_agent_who_is_not_one_cannot()
    {
        await using var centre = await RunningContactCentre.StartAsync();
        await using var agent = await DesktopClient.ConnectAsync(centre.Desktop);
        await using var supervisor = await DesktopClient.ConnectAsync(centre.Desktop);
        await agent.LoginAsync("agent2", centre.PasswordOf("agent2"), "sip:agent2@127.0.0.1:5070");
        await agent.NextStateAsync("Ready", Wait);

        await agent.LogoutAgentAsync("agent1");
        Assert.Equal("logoutAgent: agent 'agent2' is not a supervisor", (await agent.NextAsync("error", Wait)).GetProperty("message").GetString());

        await supervisor.LoginAsync("agent1", centre.PasswordOf("agent1"), "sip:agent1@127.0.0.1:5071");
        await supervisor.NextStateAsync("Ready", Wait);
        await supervisor.LogoutAgentAsync("agent2", "end of shift");
        await agent.NextStateAsync("LoggedOut", Wait);
    }
}

using ContactCentre.Simulator.Agents;

namespace ContactCentre.Host.Tests;

/// <summary>The desktop protocol's queue overview over a real WebSocket to the running host with the demo configuration.</summary>
[Trait("Category", "Integration")]
public sealed class QueueOverviewTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task A_logged_in_desktop_gets_every_queue_with_its_figures()
    {
        await using var centre = await RunningContactCentre.StartAsync();
        await using var desktop = await DesktopClient.ConnectAsync(centre.Desktop);

        await desktop.SendAsync(new { type = "queues" });
        Assert.Equal("queues: log in first", (await desktop.NextAsync("error", Wait)).GetProperty("message").GetString());

        await desktop.LoginAsync("agent1", centre.PasswordOf("agent1"), "sip:agent1@127.0.0.1:5070");
        await desktop.NextAsync("state", Wait);
        var queues = await desktop.QueuesAsync(Wait);

        Assert.Equal(["sales", "support"], queues.EnumerateArray().Select(q => q.GetProperty("queue").GetString()));
        var support = queues[1];
        Assert.Equal(0, support.GetProperty("waiting").GetInt32());
        Assert.Equal(0, support.GetProperty("answered").GetInt32());
        Assert.Equal(20, support.GetProperty("serviceLevelSeconds").GetDouble());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, support.GetProperty("serviceLevel").ValueKind);
        // Configured for Erlang C, the support queue has no handle times yet and reports the average method it falls back to.
        Assert.Equal("average", support.GetProperty("ewtMethod").GetString());
        Assert.Equal(30, queues[0].GetProperty("serviceLevelSeconds").GetDouble());
    }
}

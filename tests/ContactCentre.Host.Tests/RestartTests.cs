using Akka.Actor;
using ContactCentre.Actors.Agents;
using ContactCentre.Actors.Queues;
using ContactCentre.Domain.Agents;
using ContactCentre.Domain.Queues;
using ContactCentre.Host.Hosting;
using ContactCentre.Simulator.Agents;
using ContactCentre.Simulator.Callers;
using Microsoft.Data.Sqlite;

namespace ContactCentre.Host.Tests;

/// <summary>What survives a restart on the embedded SQLite journal: agent logins and queue tickets.</summary>
[Trait("Category", "Integration")]
public sealed class RestartTests : IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);
    private readonly string _data = Path.Combine(Path.GetTempPath(), "ccref-restart-" + Guid.NewGuid().ToString("N"));

    private Task<ContactCentreHost> StartAsync() =>
        ContactCentreHost.StartAsync(["--Sip:Port=0", "--Web:Port=0", $"--Data:Path={_data}", "--Logging:LogLevel:Default=Warning"]);

    [Fact]
    public async Task A_logged_in_agent_is_logged_in_again_and_a_waiting_ticket_is_closed_as_lost()
    {
        await using (var host = await StartAsync())
        {
            // agent2 is logged in, but its phone refuses the offer: the caller waits in sales.
            await using var agent = await SimulatedAgent.StartAsync("agent2", "agent2-demo", new Uri($"ws://127.0.0.1:{host.WebUri.Port}/agent/ws"));
            agent.Phone.AutoAnswer = false;
            await agent.LogInAsync(Wait);
            await using var caller = await SimulatedCaller.StartAsync();
            var call = await caller.CallAsync(host.SipEndPoint, "0201234567");
            Assert.True(await call.Heard.WaitForPromptAsync(RunningContactCentre.Prompt("menu"), Wait));
            await call.PressAsync("2");
            await agent.WaitForStateAsync("NoAnswer", Wait);
            await AwaitWaitingAsync(host, "sales", expected: 1);
        }

        Assert.True(JournalEvents("queue-sales") >= 1, "the queue's ticket was not written to the SQLite journal");

        await using (var host = await StartAsync())
        {
            var presence = await host.Actors.Agents["agent2"].Ask<AgentPresence>(new GetPresence(), Wait);
            Assert.Equal(AgentStatus.Ready, presence.Status);
            Assert.NotNull(presence.Device);
            await AwaitWaitingAsync(host, "sales", expected: 0);
        }
        Assert.True(JournalEvents("queue-sales") >= 2, "the lost ticket was not closed in the journal");
    }

    private static async Task AwaitWaitingAsync(ContactCentreHost host, string queue, int expected)
    {
        using var deadline = new CancellationTokenSource(Wait);
        while (true)
        {
            var state = await host.Actors.Queues[queue].Ask<QueueState>(new GetWaiting(), Wait);
            if (state.Waiting.Count == expected) return;
            await Task.Delay(50, deadline.Token);
        }
    }

    private long JournalEvents(string persistenceId)
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(_data, "contact-centre.db")};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM journal WHERE persistence_id = $id";
        command.Parameters.AddWithValue("$id", persistenceId);
        return (long)command.ExecuteScalar()!;
    }

    public void Dispose()
    {
        try { Directory.Delete(_data, recursive: true); }
        catch (IOException) { /* the OS cleans temp */ }
    }
}

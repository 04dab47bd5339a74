using ContactCentre.Media;
using ContactCentre.Simulator.Agents;
using ContactCentre.Simulator.Callers;

namespace ContactCentre.Host.Tests.Desktop;

/// <summary>
/// An agent with more than one desktop open, and a desktop that logs in again: the softphone lives in the desktop that
/// offered it, and a repeated login of the same agent changes nothing that rings.
/// </summary>
[Trait("Category", "Integration")]
public sealed class SoftphoneDesktopsTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    private async Task<RunningContactCentre> StartAsync()
    {
        return await RunningContactCentre.StartWithConfigurationAsync("""
            {
              "countryCallingCode": "358",
              "serviceNumbers": [ { "number": "0201234567", "flow": "Front" } ],
              "queues": [ { "name": "support" } ],
              "agents": [ { "id": "agent1", "queues": [ "support" ], "desktopPassword": "agent1-desk" } ],
              "flows": [ { "name": "Front", "start": "support", "modules": [
                { "type": "queue", "name": "support", "queue": "support", "prompts": [ "queue-support" ] } ] } ]
            }
            """);
    }

    private static async Task<SimulatedSoftphoneAgent> DesktopAsync(RunningContactCentre centre, double toneHz)
    {
        var agent = await SimulatedSoftphoneAgent.StartAsync("agent1", "agent1-desk", centre.Desktop);
        agent.AnswersInbound = false;
        agent.SpeaksWith(() => new ToneSource(toneHz));
        await agent.LogInAsync();
        return agent;
    }

    [Fact]
    public async Task When_the_desktop_that_offered_the_softphone_closes_another_desktop_of_the_agent_offers_and_answers()
    {
        await using var centre = await StartAsync();
        var first = await DesktopAsync(centre, 600);
        await using var second = await DesktopAsync(centre, 800);
        await using var caller = await SimulatedCaller.StartAsync("+358401234567");
        var call = await caller.CallAsync(centre.Host.SipEndPoint, "0201234567");

        var ringInFirst = await first.Desktop.NextRingAsync(Wait);
        var ringInSecond = await second.Desktop.NextRingAsync(Wait);
        Assert.Equal(ringInFirst.Call, ringInSecond.Call);
        await using (await first.Desktop.ConnectSoftphoneAsync(ringInFirst, Wait, null))
            await first.DisposeAsync();

        await second.AnswerAsync(ringInSecond);
        await second.WaitForCallAsync("connected", Wait);
        Assert.True(await call.Heard.WaitForToneAsync(800, Wait), "the caller did not hear the second desktop's softphone");
    }

    [Fact]
    public async Task A_desktop_that_logs_in_again_as_the_same_agent_keeps_what_rings_in_it()
    {
        await using var centre = await StartAsync();
        await using var agent = await DesktopAsync(centre, 600);
        await using var caller = await SimulatedCaller.StartAsync("+358401234567");
        var call = await caller.CallAsync(centre.Host.SipEndPoint, "0201234567");

        var ring = await agent.Desktop.NextRingAsync(Wait);
        await agent.Desktop.LoginAsync("agent1", "agent1-desk", "softphone", ["support"]);
        await agent.AnswerAsync(ring);
        await agent.WaitForCallAsync("connected", Wait);
        Assert.True(await call.Heard.WaitForToneAsync(600, Wait), "the caller did not hear the agent after its desktop logged in again");
    }
}

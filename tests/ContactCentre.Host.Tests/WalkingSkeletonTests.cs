using System.Net.Http.Json;
using System.Text.Json;
using Akka.Actor;
using ContactCentre.Media;
using ContactCentre.Simulator.Agents;
using ContactCentre.Simulator.Callers;

namespace ContactCentre.Host.Tests;

/// <summary>The thin slice through every layer: a real SIP caller reaches a real agent through the demo menu.</summary>
[Trait("Category", "Integration")]
public sealed class WalkingSkeletonTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task A_caller_reaches_an_agent_through_the_menu_and_they_hear_each_other()
    {
        await using var centre = await RunningContactCentre.StartAsync();
        await using var agent = await SimulatedAgent.StartAsync("agent1", centre.PasswordOf("agent1"), centre.Desktop);
        agent.SpeaksWith(() => new ToneSource(600));
        await agent.LogInAsync();

        await using var caller = await SimulatedCaller.StartAsync("+358401234567");
        var call = await caller.CallAsync(centre.Host.SipEndPoint, "0201234567");

        Assert.True(await call.Heard.WaitForPromptAsync(RunningContactCentre.Prompt("welcome"), Wait), "the caller did not hear the welcome message");
        var afterWelcome = call.Heard.SampleCount;
        Assert.True(await call.Heard.WaitForPromptAsync(RunningContactCentre.Prompt("menu"), Wait, afterWelcome - 8000), "the caller did not hear the menu");
        await call.PressAsync("1");

        await agent.WaitForStateAsync("Connecting", Wait);
        var agentCall = await agent.NextCallAsync(Wait);
        await agent.WaitForStateAsync("Connected", Wait);

        // The call's actor is alive while it lasts (the bad-input tests rely on this lookup to prove there is none).
        await centre.Host.ActorSystem.ActorSelection("/user/call-*").ResolveOne(Wait);

        call.SayTone(1000);
        Assert.True(await agentCall.Heard.WaitForToneAsync(1000, Wait), "the agent did not hear the caller's 1000 Hz tone");
        Assert.True(await call.Heard.WaitForToneAsync(600, Wait), "the caller did not hear the agent's 600 Hz tone");

        await call.HangUpAsync();
        Assert.Equal("remote BYE", await agentCall.Ended.WaitAsync(Wait));
        await agent.WaitForStateAsync("Ready", Wait);

        using var http = new HttpClient { BaseAddress = centre.Host.WebUri };
        var history = await WaitForHistoryAsync(http);
        Assert.Equal("+358201234567", history.GetProperty("serviceNumber").GetString());
        Assert.Equal("support", history.GetProperty("queue").GetString());
        Assert.Equal("agent1", history.GetProperty("agent").GetString());
        Assert.Equal("answered", history.GetProperty("outcome").GetString());
        Assert.Equal("358401234567", history.GetProperty("caller").GetString()!.TrimStart('+'));
        Assert.True(TimeSpan.Parse(history.GetProperty("waitTime").GetString()!, System.Globalization.CultureInfo.InvariantCulture) >= TimeSpan.Zero);
        Assert.True(TimeSpan.Parse(history.GetProperty("talkTime").GetString()!, System.Globalization.CultureInfo.InvariantCulture) > TimeSpan.Zero);
    }

    private static async Task<JsonElement> WaitForHistoryAsync(HttpClient http)
    {
        using var deadline = new CancellationTokenSource(Wait);
        while (true)
        {
            var calls = await http.GetFromJsonAsync<JsonElement>("/api/calls", deadline.Token);
            if (calls.GetArrayLength() > 0) return calls[0];
            await Task.Delay(50, deadline.Token);
        }
    }
}

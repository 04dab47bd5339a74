using ContactCentre.Features.Drivers;
using ContactCentre.Host.Calls;
using Reqnroll;

namespace ContactCentre.Features.AgentDesktop;

[Binding]
public sealed class CallControlSteps(WireDriver driver)
{
    [Given("the demo contact centre is running, dialling out through a carrier")]
    public Task GivenTheDemoDiallingOut() => driver.StartDemoDiallingOutAsync();

    [When("agent {string} logs in with an external phone")]
    public Task WhenAgentLogsIn(string agent) => driver.LogInAgentAsync(agent);

    [Then("the desktop of {string} shows the inbound call from {word} connected")]
    public async Task ThenTheDesktopShowsTheCall(string agent, string caller)
    {
        var call = await driver.Agent(agent).WaitForCallAsync("connected", WireDriver.Patience);
        Assert.Equal(("inbound", caller), (call.Direction, call.Party.TrimStart('+')));
    }

    /// <summary>The agent's phone answers every call with 486 Busy Here: the offer counts as rejected.</summary>
    [When("the phone of agent {string} turns calls down")]
    public void WhenThePhoneTurnsCallsDown(string agent) => driver.Agent(agent).Phone.AutoAnswer = false;

    [Then("the desktop of {string} shows the state {word}")]
    public Task ThenTheDesktopShowsTheState(string agent, string state) => driver.Agent(agent).WaitForStateAsync(state, WireDriver.Patience);

    [When("agent {string} puts the call on hold")]
    public Task WhenAgentHolds(string agent) => driver.Desktop(agent).HoldAsync();

    [When("agent {string} takes the call off hold")]
    public async Task WhenAgentUnholds(string agent)
    {
        await driver.Desktop(agent).UnholdAsync();
        await driver.Agent(agent).WaitForCallAsync("connected", WireDriver.Patience);
    }

    [Then("the desktop of {string} shows the call held")]
    public Task ThenTheDesktopShowsHeld(string agent) => driver.Agent(agent).WaitForCallAsync("held", WireDriver.Patience);

    [Then("the caller hears music on hold")]
    public async Task ThenTheCallerHearsMusic() =>
        Assert.True(await driver.Caller.Heard.WaitForToneAsync(PromptLibrary.BuiltInMusicOnHoldHz[0], WireDriver.Patience),
            $"The caller did not hear the music on hold's {PromptLibrary.BuiltInMusicOnHoldHz[0]} Hz note.");

    [When("agent {string} transfers the call to the queue {string}")]
    public Task WhenAgentTransfersToQueue(string agent, string queue) => driver.Desktop(agent).TransferToQueueAsync(queue);

    [Then("the desktop of {string} shows the call ended: {string}")]
    public async Task ThenTheDesktopShowsEnded(string agent, string reason) =>
        Assert.Equal(reason, (await driver.Agent(agent).WaitForCallAsync("ended", WireDriver.Patience)).Reason);

    [When("the caller says a {int} Hz tone and agent {string} says a {int} Hz tone")]
    public void WhenCallerAndAgentSpeak(int callerHz, string agent, int agentHz)
    {
        driver.Caller.SayTone(callerHz);
        driver.AgentCall(agent).SayTone(agentHz);
    }

    [Then("agent {string} hears {int} Hz")]
    public async Task ThenAgentHears(string agent, int hz) =>
        Assert.True(await driver.AgentCall(agent).Heard.WaitForToneAsync(hz, WireDriver.Patience), $"Agent {agent} did not hear {hz} Hz.");

    [When("agent {string} calls {word}")]
    public async Task WhenAgentCalls(string agent, string number) => _order = await driver.CallOutAsync(agent, number);

    private string? _order;

    [Then("the phone of agent {string} answered before {word} was dialled")]
    public void ThenTheAgentsPhoneFirst(string agent, string number) => Assert.Null(_order);

    [When("agent {string} says a {int} Hz tone and {word} says a {int} Hz tone")]
    public void WhenAgentAndOutsideSpeak(string agent, int agentHz, string number, int outsideHz)
    {
        driver.AgentCall(agent).SayTone(agentHz);
        driver.OutsideCall(number).SayTone(outsideHz);
    }

    [Then("{word} hears {int} Hz")]
    public async Task ThenOutsideHears(string number, int hz) =>
        Assert.True(await driver.OutsideCall(number).Heard.WaitForToneAsync(hz, WireDriver.Patience), $"{number} did not hear {hz} Hz.");

    [When("{word} hangs up")]
    public Task WhenOutsideHangsUp(string number) => driver.OutsideCall(number).HangUpAsync();

    [Then("the call history shows an outbound call by {string} to {word}")]
    public async Task ThenTheHistoryShowsOutbound(string agent, string number)
    {
        var entry = await driver.LatestHistoryAsync();
        Assert.Equal(("outbound", agent, number),
            (entry.GetProperty("outcome").GetString(), entry.GetProperty("agent").GetString(), entry.GetProperty("caller").GetString()));
    }
}

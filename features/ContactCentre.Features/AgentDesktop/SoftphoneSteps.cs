using ContactCentre.Features.Drivers;
using Reqnroll;

namespace ContactCentre.Features.AgentDesktop;

[Binding]
public sealed class SoftphoneSteps(WireDriver driver)
{
    [Given("agent {string} is logged in with the softphone")]
    public Task GivenAgentOnTheSoftphone(string agent) => driver.LogInSoftphoneAgentAsync(agent);

    [Then("the softphone of {string} rings with the {word} call from {word}")]
    public async Task ThenTheSoftphoneRings(string agent, string direction, string party)
    {
        var ring = await driver.SoftphoneRingsAsync(agent);
        Assert.Equal((direction, party), (ring.Direction, ring.Party.TrimStart('+')));
    }

    [When("agent {string} answers on the softphone")]
    public Task WhenAgentAnswersOnTheSoftphone(string agent) => driver.AnswerOnSoftphoneAsync(agent);

    [Then("the desktop of softphone agent {string} shows the call {word}")]
    public Task ThenTheDesktopShows(string agent, string state) => driver.SoftphoneAgent(agent).WaitForCallAsync(state, WireDriver.Patience);

    [When("the caller says a {int} Hz tone and the softphone of {string} says a {int} Hz tone")]
    public void WhenCallerAndSoftphoneSpeak(int callerHz, string agent, int agentHz)
    {
        driver.Caller.SayTone(callerHz);
        driver.SoftphoneCall(agent).SayTone(agentHz);
    }

    [Then("the softphone of {string} hears {int} Hz")]
    public async Task ThenTheSoftphoneHears(string agent, int hz) =>
        Assert.True(await driver.SoftphoneCall(agent).Heard.WaitForToneAsync(hz, WireDriver.Patience), $"The softphone of {agent} did not hear {hz} Hz.");

    [When("agent {string} calls {word} from the softphone")]
    public Task WhenAgentCallsOut(string agent, string number) => driver.CallOutFromSoftphoneAsync(agent, number);

    [When("the softphone of {string} says a {int} Hz tone and {word} says a {int} Hz tone")]
    public void WhenSoftphoneAndOutsideSpeak(string agent, int agentHz, string number, int outsideHz)
    {
        driver.SoftphoneCall(agent).SayTone(agentHz);
        driver.OutsideCall(number).SayTone(outsideHz);
    }

    [When("agent {string} hangs up from the desktop")]
    public Task WhenAgentHangsUp(string agent) => driver.SoftphoneAgent(agent).Desktop.HangUpAsync();

    [Then("the caller's call ends")]
    public async Task ThenTheCallersCallEnds() => await driver.Caller.Ended.WaitAsync(WireDriver.Patience);

    [AfterScenario]
    public ValueTask CloseSoftphones() => driver.DisposeSoftphonesAsync();
}

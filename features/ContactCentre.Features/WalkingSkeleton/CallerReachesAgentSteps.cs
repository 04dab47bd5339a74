using ContactCentre.Features.Drivers;
using ContactCentre.Media;
using Reqnroll;

namespace ContactCentre.Features.WalkingSkeleton;

[Binding]
public sealed class CallerReachesAgentSteps(WireDriver driver)
{
    [Given("the demo contact centre is running")]
    public Task GivenTheDemoIsRunning() => driver.StartDemoAsync();

    [Given("agent {string} is logged in with an external phone")]
    public Task GivenAgentLoggedIn(string agent) => driver.LogInAgentAsync(agent);

    [When("a caller dials {word}")]
    public Task WhenACallerDials(string number) => driver.DialAsync(number);

    [Then("the caller hears the {string} message")]
    [When("the caller hears the {string} message")]
    public async Task ThenTheCallerHears(string prompt)
    {
        var heard = await driver.Caller.Heard.WaitForPromptAsync(WireDriver.Prompt(prompt), WireDriver.Patience);
        Assert.True(heard, $"The caller did not hear the '{prompt}' message within {WireDriver.Patience.TotalSeconds} s (heard {driver.Caller.Heard.Duration.TotalSeconds:0.0} s of audio).");
    }

    [When("the caller presses {word}")]
    public Task WhenTheCallerPresses(string digits) => driver.Caller.PressAsync(digits);

    [Then("agent {string} is offered the call and answers it")]
    public Task ThenAgentAnswers(string agent) => driver.AgentAnswersAsync(agent);

    [When("the caller says a {int} Hz tone and the agent says a {int} Hz tone")]
    public void WhenBothSpeak(int callerHz, int agentHz)
    {
        driver.Caller.SayTone(callerHz);
        driver.AgentCall("agent1").SayTone(agentHz);
    }

    [Then("the agent hears {int} Hz")]
    public async Task ThenTheAgentHears(int hz) =>
        Assert.True(await driver.AgentCall("agent1").Heard.WaitForToneAsync(hz, WireDriver.Patience), $"The agent did not hear {hz} Hz.");

    [Then("the caller hears {int} Hz")]
    public async Task ThenTheCallerHearsTone(int hz) =>
        Assert.True(await driver.Caller.Heard.WaitForToneAsync(hz, WireDriver.Patience), $"The caller did not hear {hz} Hz.");

    [When("the caller hangs up")]
    public Task WhenTheCallerHangsUp() => driver.Caller.HangUpAsync();

    [Then("agent {string} is Ready again")]
    public Task ThenAgentReady(string agent) => driver.Agent(agent).WaitForStateAsync("Ready", WireDriver.Patience);

    [Then("the call history shows:")]
    public async Task ThenTheHistoryShows(DataTable expected)
    {
        var row = expected.Rows.Single();
        var entry = await driver.LatestHistoryAsync();
        Assert.Equal(row["service number"], entry.GetProperty("serviceNumber").GetString());
        Assert.Equal(row["queue"], entry.GetProperty("queue").GetString());
        Assert.Equal(row["agent"], entry.GetProperty("agent").GetString());
        Assert.Equal(row["outcome"], entry.GetProperty("outcome").GetString());
    }

    [Then("the call is refused with {int} {}")]
    public void ThenRefused(int code, string reason)
    {
        Assert.NotNull(driver.LastRefusal);
        Assert.Equal((code, reason), driver.LastRefusal.Value);
    }

    [AfterScenario]
    public async Task StopEverything() => await driver.DisposeAsync();
}

using ContactCentre.Features.Drivers;
using ContactCentre.Media;
using Reqnroll;

namespace ContactCentre.Features.CallerBehaviour;

[Binding]
public sealed class CallerHangsUpSteps(WireDriver driver)
{
    [When("the caller hangs up before the {string} message ends")]
    public async Task WhenTheCallerHangsUpDuring(string prompt)
    {
        // Hang up once the message has begun: its first half second is heard, the rest never is.
        var opening = WireDriver.Prompt(prompt)[..4000];
        Assert.True(await driver.Caller.Heard.WaitForPromptAsync(opening, WireDriver.Patience), $"The '{prompt}' message never began.");
        await driver.Caller.HangUpAsync();
    }

    [Then("the call history shows the call ended in the flow")]
    public async Task ThenTheHistoryShowsEndedInFlow()
    {
        var entry = await driver.LatestHistoryAsync();
        Assert.Equal("ended in flow", entry.GetProperty("outcome").GetString());
        Assert.True(entry.GetProperty("agent").ValueKind is System.Text.Json.JsonValueKind.Null, $"No agent took this call: {entry}");
    }

    [Then("no call is left open")]
    public async Task ThenNoCallIsLeftOpen()
    {
        // The dialog is removed once the BYE transaction completes; wait for it rather than for a fixed time.
        using var deadline = new CancellationTokenSource(WireDriver.Patience);
        while (driver.Host.Sip.ActiveDialogCount > 0 && !deadline.IsCancellationRequested)
            await Task.Delay(50, CancellationToken.None);
        Assert.Equal(0, driver.Host.Sip.ActiveDialogCount);
    }
}

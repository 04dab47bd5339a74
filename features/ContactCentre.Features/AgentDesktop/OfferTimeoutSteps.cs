using ContactCentre.Features.Drivers;
using ContactCentre.Simulator.Agents;
using Reqnroll;

namespace ContactCentre.Features.AgentDesktop;

[Binding]
public sealed class OfferTimeoutSteps(WireDriver driver)
{
    private Task<Sip.IncomingCall>? _ringing;

    [Given("the demo contact centre is running with an offer timeout of {int} seconds")]
    public Task GivenTheDemoWithOfferTimeout(int seconds) => driver.StartDemoDiallingOutAsync(TimeSpan.FromSeconds(seconds));

    /// <summary>The agent's phone rings (180) and is never picked up: only the offer timeout ends the ringing.</summary>
    [When("the phone of agent {string} rings without being answered")]
    public void WhenThePhoneRingsUnanswered(string agent)
    {
        var phone = driver.Agent(agent).Phone;
        phone.RingsUnanswered = true;
        _ringing = phone.NextUnansweredCallAsync(WireDriver.Patience);
    }

    /// <summary>The contact centre CANCELs the INVITE (the phone's stack answers 487).</summary>
    [Then("the phone of agent {string} stops ringing")]
    public async Task ThenThePhoneStopsRinging(string agent)
    {
        var call = await (_ringing ?? throw new InvalidOperationException($"The phone of {agent} was not set to ring unanswered."));
        var cancelled = new TaskCompletionSource();
        using var registration = call.Cancelled.Register(() => cancelled.TrySetResult());
        await cancelled.Task.WaitAsync(WireDriver.Patience);
    }

    [When("agent {string} makes themselves ready on the desktop")]
    public Task WhenAgentMakesThemselvesReady(string agent) => driver.Desktop(agent).ReadyAsync();
}

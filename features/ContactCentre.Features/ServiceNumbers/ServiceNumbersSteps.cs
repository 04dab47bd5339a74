using ContactCentre.Features.Drivers;
using Reqnroll;

namespace ContactCentre.Features.ServiceNumbers;

/// <summary>
/// Forwarded calls. Dialling, hearing a message and a refusal are the walking skeleton's steps
/// (<see cref="WalkingSkeleton.CallerReachesAgentSteps"/>), shared across features as Reqnroll binds them globally.
/// </summary>
[Binding]
public sealed class ServiceNumbersSteps(WireDriver driver)
{
    [When("a call to {word} arrives diverted from {word}")]
    public Task WhenADivertedCallArrives(string number, string divertedFrom) => driver.DialDivertedAsync(number, divertedFrom);

    [When("a call to {word} arrives retargeted from {word}")]
    public Task WhenARetargetedCallArrives(string number, string retargetedFrom) => driver.DialRetargetedAsync(number, retargetedFrom);
}

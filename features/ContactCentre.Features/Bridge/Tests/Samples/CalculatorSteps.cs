using Reqnroll;

namespace ContactCentre.Features.Bridge.Tests.Samples;

[Binding]
[Scope(Tag = "bridge-sample")]
public sealed class CalculatorSteps(Calculator calculator)
{
    [Given("the calculator is switched on")]
    public void GivenTheCalculatorIsSwitchedOn() => calculator.SwitchOn();

    [Given("I have entered {int} into the calculator")]
    public void GivenIHaveEntered(int number) => calculator.Enter(number);

    [Given("I have entered these numbers:")]
    public void GivenIHaveEnteredTheseNumbers(Table numbers)
    {
        foreach (var row in numbers.Rows)
        {
            calculator.Enter(int.Parse(row["number"], System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    [When("I add them up")]
    public void WhenIAddThemUp() => calculator.Add();

    [When("I divide")]
    public void WhenIDivide() => calculator.Divide();

    [When("the display is cleared")]
    public void WhenTheDisplayIsCleared() => calculator.Clear();

    [When("I store the result in memory")]
    public void WhenIStoreTheResultInMemory() => throw new PendingStepException();

    [Then("the result is {int}")]
    public void ThenTheResultIs(int expected) => Assert.Equal(expected, calculator.Result);
}

using Reqnroll;

namespace ContactCentre.Features.Bridge.Tests.Samples;

/// <summary>A second binding class: it sees the same <see cref="Calculator"/> as <see cref="CalculatorSteps"/>.</summary>
[Binding]
[Scope(Tag = "bridge-sample")]
public sealed class TapeSteps(Calculator calculator)
{
    [Then("the tape reads:")]
    public void ThenTheTapeReads(string tape) => Assert.Equal(tape.Trim(), calculator.Tape);

    [Then("the entries were:")]
    public void ThenTheEntriesWere(Table entries) =>
        Assert.Equal(entries.Rows.Select(r => r["number"]), calculator.Entries.Select(e => e.ToString(System.Globalization.CultureInfo.InvariantCulture)));
}

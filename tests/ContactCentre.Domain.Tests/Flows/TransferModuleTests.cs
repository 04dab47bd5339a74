using ContactCentre.Domain.Flows;
using static ContactCentre.Domain.Tests.Flows.TestFlows;

namespace ContactCentre.Domain.Tests.Flows;

[Trait("Category", "Unit")]
public sealed class TransferModuleTests
{
    [Fact]
    public void The_call_is_transferred_to_the_number_through_the_default_trunk() =>
        Assert.Equal(new TransferToNumber("+358201234000", null),
            Interpreter("{ 'type': 'transfer', 'name': 'out', 'number': '+358201234000' }").Start(Now).Action);

    [Theory]
    [InlineData("0201234000")]
    [InlineData("+0201234000")]
    [InlineData("+3582012340001234")]
    public void A_number_not_in_E164_form_is_refused(string number)
    {
        var result = FlowReader.Read(Json("{ 'type': 'transfer', 'name': 'out', 'number': '" + number + "' }"));
        Assert.Null(result.Flow);
        Assert.Equal($"flow 'Test', module 'out', field 'number': '{number}' is not an E.164 number (+ country code and number, up to 15 digits)",
            Assert.Single(result.Errors).ToString());
    }
}

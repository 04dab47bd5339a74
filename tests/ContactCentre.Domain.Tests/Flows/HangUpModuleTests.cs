using ContactCentre.Domain.Flows;
using static ContactCentre.Domain.Tests.Flows.TestFlows;

namespace ContactCentre.Domain.Tests.Flows;

[Trait("Category", "Unit")]
public sealed class HangUpModuleTests
{
    [Fact]
    public void The_call_is_hung_up_as_the_flow_ended()
    {
        var step = Interpreter("{ 'type': 'hangup', 'name': 'bye' }").Start(Now);
        Assert.Equal(new HangUpCall("flow ended"), step.Action);
        Assert.Equal(new FlowPosition("Test", "bye", 0, 1), step.Position);
    }
}

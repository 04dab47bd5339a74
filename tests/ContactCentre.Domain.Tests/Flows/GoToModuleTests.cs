using ContactCentre.Domain.Flows;
using static ContactCentre.Domain.Tests.Flows.TestFlows;

namespace ContactCentre.Domain.Tests.Flows;

[Trait("Category", "Unit")]
public sealed class GoToModuleTests
{
    private readonly Flow _main = Read(
        "{ 'type': 'input', 'name': 'member', 'prompts': ['enter'], 'variable': 'member', 'length': 2, 'readBack': false, 'done': 'jump', 'failed': 'jump' }",
        "{ 'type': 'goto', 'name': 'jump', 'flow': 'Other' }");

    private static readonly Flow Other = FlowReader.Read(
        "{ \"name\": \"Other\", \"modules\": [ { \"type\": \"goto\", \"name\": \"first\", \"module\": \"hello\" }, " +
        "{ \"type\": \"message\", \"name\": \"hello\", \"prompts\": [\"hello\"], \"hangUp\": true } ] }").Flow!;

    [Fact]
    public void A_go_to_another_module_leads_straight_on()
    {
        var step = new FlowInterpreter(Other).Start(Now);
        Assert.Equal(["hello"], Prompts(step));
        Assert.Equal(2, step.Position.Steps);
    }

    [Fact]
    public void A_go_to_another_flow_starts_it_keeping_the_calls_variables()
    {
        var flow = new FlowInterpreter(_main, otherFlows: name => name == "Other" ? Other : null);
        var step = flow.Digit(flow.Digit(flow.Start(Now).Position, '4', Now).Position, '2', Now);
        Assert.Equal(("Other", "hello"), (step.Position.Flow, step.Position.Module));
        Assert.Equal("42", step.Position.Variables["member"]);
        Assert.IsType<HangUpCall>(flow.PromptsFinished(step.Position, Now).Action);
    }

    [Fact]
    public void A_go_to_an_unknown_flow_hangs_up_naming_it()
    {
        var flow = new FlowInterpreter(_main);
        var step = flow.Digit(flow.Digit(flow.Start(Now).Position, '4', Now).Position, '2', Now);
        Assert.Equal("flow 'Test', module 'jump' goes to unknown flow 'Other'", Assert.IsType<HangUpCall>(step.Action).Reason);
    }
}

using ContactCentre.Domain.Flows;
using static ContactCentre.Domain.Tests.Flows.TestFlows;

namespace ContactCentre.Domain.Tests.Flows;

[Trait("Category", "Unit")]
public sealed class MessageModuleTests
{
    private static FlowStep AfterMessage(string exit)
    {
        var flow = Interpreter(
            "{ 'type': 'message', 'name': 'info', 'prompts': ['info-1', 'info-2'], " + exit + " }",
            "{ 'type': 'hangup', 'name': 'bye' }");
        var start = flow.Start(Now);
        Assert.Equal(["info-1", "info-2"], Prompts(start));
        Assert.False(Assert.IsType<PlayPrompts>(start.Action).AwaitDigit);
        return flow.PromptsFinished(start.Position, Now);
    }

    [Fact]
    public void After_its_prompts_a_message_goes_on_to_the_next_module() =>
        Assert.Equal("bye", AfterMessage("'next': 'bye'").Position.Module);

    [Fact]
    public void A_message_can_transfer_the_caller_to_a_phone_number_through_a_trunk()
    {
        var transfer = Assert.IsType<TransferToNumber>(AfterMessage("'transferTo': '+358401234567', 'trunk': 'carrier'").Action);
        Assert.Equal(new TransferToNumber("+358401234567", "carrier"), transfer);
    }

    [Fact]
    public void A_message_can_put_the_caller_into_a_queue() =>
        Assert.Equal(new EnterQueue("support", 3, []).Queue, Assert.IsType<EnterQueue>(AfterMessage("'queue': 'support', 'priority': 3").Action).Queue);

    [Fact]
    public void A_message_can_hang_up() =>
        Assert.Equal("flow ended", Assert.IsType<HangUpCall>(AfterMessage("'hangUp': true").Action).Reason);
}

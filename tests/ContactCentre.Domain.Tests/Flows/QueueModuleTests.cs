using ContactCentre.Domain.Flows;
using static ContactCentre.Domain.Tests.Flows.TestFlows;

namespace ContactCentre.Domain.Tests.Flows;

[Trait("Category", "Unit")]
public sealed class QueueModuleTests
{
    private readonly FlowInterpreter _flow = Interpreter(
        "{ 'type': 'queue', 'name': 'support', 'queue': 'support', 'priority': 5, 'prompts': ['queue-support'], " +
        "  'callback': { 'offer': true, 'afterSeconds': 120 }, 'full': 'busy', 'overflow': 'sales' }",
        "{ 'type': 'queue', 'name': 'sales', 'queue': 'sales' }",
        "{ 'type': 'message', 'name': 'busy', 'prompts': ['all-busy'], 'hangUp': true }");

    [Fact]
    public void The_call_enters_the_queue_with_its_priority_announcement_and_callback_offer()
    {
        var enter = Assert.IsType<EnterQueue>(_flow.Start(Now).Action);
        Assert.Equal(("support", 5), (enter.Queue, enter.Priority));
        Assert.Equal(["queue-support"], enter.Prompts);
        Assert.Equal(new CallbackOffer(true, TimeSpan.FromMinutes(2)), enter.Callback);
    }

    [Fact]
    public void A_full_queue_sends_the_call_to_the_full_exit_and_an_overflow_to_the_overflow_exit()
    {
        var start = _flow.Start(Now);
        Assert.Equal(["all-busy"], Prompts(_flow.QueueRefused(start.Position, QueueRefusal.Full, Now)));
        Assert.Equal("sales", Assert.IsType<EnterQueue>(_flow.Handle(start.Position, new FlowEvent.QueueRefused(QueueRefusal.Overflow), Now).Action).Queue);
    }

    [Fact]
    public void A_refused_call_without_an_exit_is_hung_up_saying_why()
    {
        var sales = _flow.QueueRefused(_flow.Start(Now).Position, QueueRefusal.Overflow, Now);
        var refused = _flow.QueueRefused(sales.Position, QueueRefusal.Full, Now);
        Assert.Equal("queue 'sales' refused the call (full)", Assert.IsType<HangUpCall>(refused.Action).Reason);
    }

    [Fact]
    public void A_queue_module_names_the_skills_its_callers_need_and_the_call_carries_them_into_the_queue()
    {
        var flow = Interpreter("{ 'type': 'queue', 'name': 'swedish', 'queue': 'support', 'skills': ['swedish', 'billing'] }");
        Assert.Equal(["swedish", "billing"], Assert.IsType<EnterQueue>(flow.Start(Now).Action).Skills);
        Assert.Empty(Assert.IsType<EnterQueue>(_flow.Start(Now).Action).Skills);
    }

    [Theory]
    [InlineData("'swedish'", "flow 'Test', module 'q', field 'skills': must be a list of names, e.g. [\"swedish\"]")]
    [InlineData("['swedish', '']", "flow 'Test', module 'q', field 'skills': must be a list of names, e.g. [\"swedish\"]")]
    [InlineData("['swedish', 3]", "flow 'Test', module 'q', field 'skills': must be a list of names, e.g. [\"swedish\"]")]
    [InlineData("['swedish', 'swedish']", "flow 'Test', module 'q', field 'skills': names 'swedish' more than once")]
    public void Bad_skills_are_refused_naming_the_field(string skills, string problem)
    {
        var result = FlowReader.Read(Json("{ 'type': 'queue', 'name': 'q', 'queue': 'support', 'skills': " + skills + " }"));
        Assert.Null(result.Flow);
        Assert.Equal(problem, Assert.Single(result.Errors).ToString());
    }
}

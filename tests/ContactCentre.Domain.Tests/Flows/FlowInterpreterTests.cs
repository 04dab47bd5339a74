using ContactCentre.Domain.Flows;

namespace ContactCentre.Domain.Tests.Flows;

[Trait("Category", "Unit")]
public sealed class FlowInterpreterTests
{
    private static readonly NodaTime.Instant Now = TestFlows.Now;
    private readonly FlowInterpreter _demo = new(DemoFlow.Configuration.Flows["Demo"]);

    [Fact]
    public void A_caller_hears_the_welcome_then_the_menu_and_pressing_1_queues_for_support()
    {
        var welcome = _demo.Start(Now);
        Assert.Equal(["welcome"], Assert.IsType<PlayPrompts>(welcome.Action).Prompts);

        var menu = _demo.PromptsFinished(welcome.Position, Now);
        var play = Assert.IsType<PlayPrompts>(menu.Action);
        Assert.Equal(["menu"], play.Prompts);
        Assert.True(play.AwaitDigit);

        var queued = _demo.Digit(menu.Position, '1', Now);
        var enter = Assert.IsType<EnterQueue>(queued.Action);
        Assert.Equal("support", enter.Queue);
        Assert.Equal(["queue-support"], enter.Prompts);
    }

    [Fact]
    public void Events_can_be_handed_in_as_data()
    {
        var welcome = _demo.Handle(new FlowPosition("Demo", "", 0, 0), new FlowEvent.Started(), Now);
        var menu = _demo.Handle(welcome.Position, new FlowEvent.PromptsFinished(), Now);
        var sales = _demo.Handle(menu.Position, new FlowEvent.Digit('2'), Now);
        Assert.Equal("sales", Assert.IsType<EnterQueue>(sales.Action).Queue);
    }

    [Fact]
    public void A_flow_whose_exits_loop_is_hung_up_after_the_step_limit_with_the_reason()
    {
        var loop = new Flow("Loop", "a", new Dictionary<string, FlowModule>
        {
            ["a"] = new MessageModule("a", ["x"], "b"),
            ["b"] = new MessageModule("b", ["y"], "a"),
        });
        var interpreter = new FlowInterpreter(loop, maxSteps: 10);
        var step = interpreter.Start(Now);
        var count = 1;
        while (step.Action is PlayPrompts)
        {
            step = interpreter.PromptsFinished(step.Position, Now);
            count++;
        }
        Assert.Equal(11, count);
        Assert.Equal("flow 'Loop' exceeded 10 steps at module 'a' (its exits loop)", Assert.IsType<HangUpCall>(step.Action).Reason);
    }

    [Fact]
    public void A_loop_of_modules_that_play_nothing_is_stopped_by_the_step_limit_too()
    {
        var interpreter = new FlowInterpreter(TestFlows.Read(
            "{ 'type': 'goto', 'name': 'a', 'module': 'b' }",
            "{ 'type': 'goto', 'name': 'b', 'module': 'a' }"), maxSteps: 50);
        var step = interpreter.Start(Now);
        Assert.Contains("exceeded 50 steps", Assert.IsType<HangUpCall>(step.Action).Reason);
        Assert.Equal(51, step.Position.Steps);
    }
}

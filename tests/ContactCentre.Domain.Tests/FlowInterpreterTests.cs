using ContactCentre.Domain.Flows;

namespace ContactCentre.Domain.Tests;

[Trait("Category", "Unit")]
public sealed class FlowInterpreterTests
{
    private readonly FlowInterpreter _demo = new(DemoFlow.Configuration.Flows["Demo"]);

    [Fact]
    public void A_caller_hears_the_welcome_then_the_menu_and_pressing_1_queues_for_support()
    {
        var welcome = _demo.Start();
        Assert.Equal(["welcome"], Assert.IsType<PlayPrompts>(welcome.Action).Prompts);

        var menu = _demo.PromptsFinished(welcome.Position);
        var play = Assert.IsType<PlayPrompts>(menu.Action);
        Assert.Equal(["menu"], play.Prompts);
        Assert.True(play.AwaitDigit);

        var queued = _demo.Digit(menu.Position, '1');
        var enter = Assert.IsType<EnterQueue>(queued.Action);
        Assert.Equal("support", enter.Queue);
        Assert.Equal(["queue-support"], enter.Prompts);
    }

    [Fact]
    public void An_invalid_digit_plays_the_invalid_prompt_and_the_menu_again_until_retries_run_out()
    {
        var menu = _demo.PromptsFinished(_demo.Start().Position);
        var first = _demo.Digit(menu.Position, '9');
        Assert.Equal(["invalid", "menu"], Assert.IsType<PlayPrompts>(first.Action).Prompts);
        var second = _demo.DigitTimeout(first.Position);
        Assert.Equal(["menu"], Assert.IsType<PlayPrompts>(second.Action).Prompts);
        var third = _demo.Digit(second.Position, '7');
        Assert.Equal("flow ended", Assert.IsType<HangUpCall>(third.Action).Reason);
    }

    [Fact]
    public void A_flow_whose_exits_loop_is_hung_up_after_the_step_limit()
    {
        var loop = new Flow("Loop", "a", new Dictionary<string, FlowModule>
        {
            ["a"] = new MessageModule("a", ["x"], "b"),
            ["b"] = new MessageModule("b", ["y"], "a"),
        });
        var interpreter = new FlowInterpreter(loop, maxSteps: 10);
        var step = interpreter.Start();
        var count = 1;
        while (step.Action is PlayPrompts)
        {
            step = interpreter.PromptsFinished(step.Position);
            count++;
        }
        Assert.Equal(11, count);
        Assert.Contains("exceeded 10 steps", Assert.IsType<HangUpCall>(step.Action).Reason);
    }
}

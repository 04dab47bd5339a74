using ContactCentre.Domain.Flows;
using static ContactCentre.Domain.Tests.Flows.TestFlows;

namespace ContactCentre.Domain.Tests.Flows;

[Trait("Category", "Unit")]
public sealed class MenuModuleTests
{
    private readonly FlowInterpreter _flow = Interpreter(
        "{ 'type': 'menu', 'name': 'main', 'prompts': ['main-menu'], 'options': { '1': 'billing', '2': 'support', '0': 'bye' }, " +
        "  'timeoutSeconds': 4, 'retries': 2, 'invalidPrompts': ['invalid'], 'timeoutPrompts': ['no-choice'], 'onFailure': 'bye' }",
        "{ 'type': 'menu', 'name': 'billing', 'prompts': ['billing-menu'], 'options': { '1': 'invoices', '9': 'main' }, 'onFailure': 'bye', 'bargeIn': false }",
        "{ 'type': 'queue', 'name': 'invoices', 'queue': 'invoices' }",
        "{ 'type': 'queue', 'name': 'support', 'queue': 'support' }",
        "{ 'type': 'hangup', 'name': 'bye' }");

    [Fact]
    public void The_menu_plays_its_prompt_and_a_digit_interrupts_it()
    {
        var play = Assert.IsType<PlayPrompts>(_flow.Start(Now).Action);
        Assert.Equal(["main-menu"], play.Prompts);
        Assert.True(play.AwaitDigit);
        Assert.True(play.BargeIn);
        Assert.Equal(TimeSpan.FromSeconds(4), play.DigitTimeout);
    }

    [Fact]
    public void A_menu_without_barge_in_says_so_in_its_play_action()
    {
        var billing = _flow.Digit(_flow.Start(Now).Position, '1', Now);
        var play = Assert.IsType<PlayPrompts>(billing.Action);
        Assert.Equal(["billing-menu"], play.Prompts);
        Assert.False(play.BargeIn);
    }

    [Fact]
    public void A_sub_menu_leads_on_and_back_to_the_main_menu()
    {
        var billing = _flow.Digit(_flow.Start(Now).Position, '1', Now);
        var back = _flow.Digit(billing.Position, '9', Now);
        Assert.Equal(["main-menu"], Prompts(back));
        var invoices = _flow.Digit(_flow.Digit(back.Position, '1', Now).Position, '1', Now);
        Assert.Equal("invoices", Assert.IsType<EnterQueue>(invoices.Action).Queue);
    }

    [Fact]
    public void A_timeout_plays_the_timeout_prompt_and_an_invalid_digit_the_invalid_prompt_then_the_menu()
    {
        var start = _flow.Start(Now);
        var timedOut = _flow.DigitTimeout(start.Position, Now);
        Assert.Equal(["no-choice", "main-menu"], Prompts(timedOut));
        var invalid = _flow.Digit(timedOut.Position, '7', Now);
        Assert.Equal(["invalid", "main-menu"], Prompts(invalid));
        Assert.Equal(2, invalid.Position.Attempts);
    }

    [Fact]
    public void When_the_retries_run_out_the_call_takes_the_failure_exit()
    {
        var step = _flow.Start(Now);
        step = _flow.Digit(step.Position, '5', Now);
        step = _flow.DigitTimeout(step.Position, Now);
        Assert.IsType<PlayPrompts>(step.Action);
        step = _flow.Digit(step.Position, '#', Now);
        Assert.Equal("bye", step.Position.Module);
        Assert.Equal("flow ended", Assert.IsType<HangUpCall>(step.Action).Reason);
    }

    [Fact]
    public void A_digit_after_the_prompts_ended_still_chooses()
    {
        var start = _flow.Start(Now);
        var waiting = _flow.PromptsFinished(start.Position, Now);
        Assert.Empty(Prompts(waiting));
        Assert.True(Assert.IsType<PlayPrompts>(waiting.Action).AwaitDigit);
        Assert.Equal("support", Assert.IsType<EnterQueue>(_flow.Digit(waiting.Position, '2', Now).Action).Queue);
    }
}

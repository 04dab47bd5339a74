using ContactCentre.Domain.Flows;
using static ContactCentre.Domain.Tests.Flows.TestFlows;

namespace ContactCentre.Domain.Tests.Flows;

[Trait("Category", "Unit")]
public sealed class InputModuleTests
{
    private const string Queue = "{ 'type': 'queue', 'name': 'members', 'queue': 'members' }";
    private const string Sorry = "{ 'type': 'message', 'name': 'sorry', 'prompts': ['sorry'], 'hangUp': true }";

    private readonly FlowInterpreter _fixed = Interpreter(
        "{ 'type': 'input', 'name': 'member', 'prompts': ['enter-member-number'], 'variable': 'membershipNumber', 'length': 4, " +
        "  'retries': 1, 'invalidPrompts': ['invalid'], 'done': 'members', 'failed': 'sorry' }", Queue, Sorry);

    private readonly FlowInterpreter _terminated = Interpreter(
        "{ 'type': 'input', 'name': 'member', 'prompts': ['enter-number-then-hash'], 'variable': 'membershipNumber', 'minLength': 2, 'maxLength': 6, " +
        "  'readBack': false, 'done': 'members', 'failed': 'sorry' }", Queue, Sorry);

    private FlowStep Press(FlowInterpreter flow, FlowStep step, string keys)
    {
        foreach (var key in keys)
            step = flow.Digit(step.Position, key, Now);
        return step;
    }

    [Fact]
    public void The_digits_are_read_back_one_by_one_between_you_entered_and_confirm_or_reenter()
    {
        var step = Press(_fixed, _fixed.Start(Now), "4071");
        Assert.Equal(["you-entered", "digit-4", "digit-0", "digit-7", "digit-1", "confirm-or-reenter"], Prompts(step));
        Assert.True(Assert.IsType<PlayPrompts>(step.Action).AwaitDigit);
        Assert.True(step.Position.Confirming);
    }

    [Fact]
    public void Hash_confirms_and_the_value_is_kept_in_the_calls_variables_for_the_agent()
    {
        var done = Press(_fixed, _fixed.Start(Now), "4071#");
        Assert.Equal("members", Assert.IsType<EnterQueue>(done.Action).Queue);
        Assert.Equal("4071", done.Position.Variables["membershipNumber"]);
    }

    [Fact]
    public void Star_after_the_read_back_lets_the_caller_enter_the_number_again()
    {
        var again = Press(_fixed, _fixed.Start(Now), "4071*");
        Assert.Equal(["enter-member-number"], Prompts(again));
        Assert.False(again.Position.Confirming);
        var done = Press(_fixed, again, "4072#");
        Assert.Equal("4072", done.Position.Variables["membershipNumber"]);
    }

    [Fact]
    public void Star_while_typing_starts_the_entry_over_without_using_a_retry()
    {
        var step = Press(_fixed, _fixed.Start(Now), "40*");
        Assert.Equal(0, step.Position.Attempts);
        Assert.Equal("", step.Position.Digits);
        Assert.Equal("1234", Press(_fixed, step, "1234#").Position.Variables["membershipNumber"]);
    }

    [Fact]
    public void A_timeout_uses_a_retry_and_then_the_call_takes_the_failed_exit()
    {
        var start = _fixed.Start(Now);
        var again = _fixed.DigitTimeout(Press(_fixed, start, "40").Position, Now);
        Assert.Equal(["enter-member-number"], Prompts(again));
        Assert.Equal("", again.Position.Digits);
        var failed = _fixed.DigitTimeout(again.Position, Now);
        Assert.Equal("sorry", failed.Position.Module);
        Assert.Equal(["sorry"], Prompts(failed));
        Assert.False(failed.Position.Variables.ContainsKey("membershipNumber"));
    }

    [Fact]
    public void Hash_before_a_fixed_length_number_is_complete_is_invalid()
    {
        var step = Press(_fixed, _fixed.Start(Now), "40#");
        Assert.Equal(["invalid", "enter-member-number"], Prompts(step));
        Assert.Equal(1, step.Position.Attempts);
    }

    [Fact]
    public void A_wrong_key_at_the_read_back_reads_the_digits_back_again()
    {
        var step = Press(_fixed, _fixed.Start(Now), "40715");
        Assert.Equal(["invalid", "you-entered", "digit-4", "digit-0", "digit-7", "digit-1", "confirm-or-reenter"], Prompts(step));
    }

    [Fact]
    public void A_number_ended_by_hash_is_taken_when_long_enough()
    {
        var tooShort = Press(_terminated, _terminated.Start(Now), "5#");
        Assert.Equal(1, tooShort.Position.Attempts);
        var done = Press(_terminated, tooShort, "5512#");
        Assert.Equal("5512", done.Position.Variables["membershipNumber"]);
    }

    [Fact]
    public void A_number_reaching_its_maximum_length_is_taken_without_hash()
    {
        var done = Press(_terminated, _terminated.Start(Now), "123456");
        Assert.Equal("123456", done.Position.Variables["membershipNumber"]);
        Assert.IsType<EnterQueue>(done.Action);
    }

    [Fact]
    public void Each_digit_keeps_the_call_waiting_for_the_next_one()
    {
        var step = Press(_terminated, _terminated.Start(Now), "12");
        var play = Assert.IsType<PlayPrompts>(step.Action);
        Assert.Empty(play.Prompts);
        Assert.True(play.AwaitDigit);
        Assert.Equal("12", step.Position.Digits);
    }
}

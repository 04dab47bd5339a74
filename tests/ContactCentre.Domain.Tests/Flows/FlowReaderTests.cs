using ContactCentre.Domain.Flows;
using static ContactCentre.Domain.Tests.Flows.TestFlows;

namespace ContactCentre.Domain.Tests.Flows;

[Trait("Category", "Unit")]
public sealed class FlowReaderTests
{
    private const string Bye = "{ 'type': 'hangup', 'name': 'bye' }";

    private static string Menu(string options) =>
        "{ 'type': 'menu', 'name': 'menu', 'prompts': ['menu'], 'options': { " + options + " }, 'onFailure': 'bye' }";

    private static string OnlyError(params string[] modules)
    {
        var result = FlowReader.Read(Json(modules));
        Assert.Null(result.Flow);
        return Assert.Single(result.Errors).ToString();
    }

    [Fact]
    public void A_menu_with_one_option_is_refused() =>
        Assert.Equal("flow 'Test', module 'menu', field 'options': a menu needs at least 2 options, has 1",
            OnlyError(Menu("'1': 'bye'"), Bye));

    [Fact]
    public void A_menu_with_more_than_six_options_is_accepted_with_a_warning()
    {
        var result = FlowReader.Read(Json(Menu("'1': 'bye', '2': 'bye', '3': 'bye', '4': 'bye', '5': 'bye', '6': 'bye', '7': 'bye'"), Bye));
        Assert.NotNull(result.Flow);
        Assert.Equal("flow 'Test', module 'menu', field 'options': 7 options are hard to remember: 4-6 are recommended",
            Assert.Single(result.Warnings).ToString());
    }

    [Fact]
    public void An_exit_to_a_missing_module_is_refused() =>
        Assert.Equal("flow 'Test', module 'menu', field 'options.2': leads to unknown module 'salez'",
            OnlyError(Menu("'1': 'bye', '2': 'salez'"), Bye));

    [Fact]
    public void An_unreachable_module_is_a_warning()
    {
        var result = FlowReader.Read(Json(Bye, "{ 'type': 'hangup', 'name': 'orphan' }"));
        Assert.NotNull(result.Flow);
        Assert.Equal("flow 'Test', module 'orphan': no exit leads to this module from the start 'bye'", Assert.Single(result.Warnings).ToString());
    }

    [Fact]
    public void Every_error_is_listed_and_the_flow_refused_as_a_whole()
    {
        var result = FlowReader.Read(Json(
            "{ 'type': 'menu', 'name': 'menu', 'prompts': [], 'options': { '1': 'bye', 'x': 'bye' }, 'timeoutSeconds': 0, 'onFailure': 'nowhere' }",
            "{ 'type': 'input', 'name': 'member', 'prompts': ['enter'], 'length': 4, 'maxLength': 8, 'done': 'bye', 'failed': 'bye' }",
            "{ 'type': 'speak', 'name': 'odd' }",
            Bye, Bye));
        Assert.Null(result.Flow);
        Assert.Equal(
        [
            "flow 'Test', module 'menu', field 'options': 'x' is not a keypad key (0-9, *, #)",
            "flow 'Test', module 'menu', field 'prompts': needs at least one prompt",
            "flow 'Test', module 'menu', field 'timeoutSeconds': must be from 1 to 60, is 0",
            "flow 'Test', module 'member', field 'variable': is missing",
            "flow 'Test', module 'member', field 'length': a fixed length cannot be combined with minLength or maxLength",
            "flow 'Test', module 'odd', field 'type': unknown module type 'speak' (message, menu, input, queue, transfer, hangup, goto, openingHours)",
            "flow 'Test', module 'bye', field 'name': the module name is used twice",
        ], result.Errors.Select(e => e.ToString()));
    }

    [Fact]
    public void A_problem_names_its_flow_module_and_field_as_data()
    {
        var error = Assert.Single(FlowReader.Read(Json("{ 'type': 'message', 'name': 'info', 'prompts': ['x'] }")).Errors);
        Assert.Equal(new FlowProblem("Test", "info", "next",
            "a message needs exactly one exit: next (a module), transferTo (a phone number), queue, or hangUp"), error);
    }

    [Fact]
    public void A_start_naming_no_module_is_refused() =>
        Assert.Equal("flow 'Test', field 'start': names unknown module 'nope'",
            Assert.Single(FlowReader.Read("{ \"name\": \"Test\", \"start\": \"nope\", \"modules\": [ { \"type\": \"hangup\", \"name\": \"bye\" } ] }").Errors).ToString());

    [Fact]
    public void Broken_json_and_a_flow_without_a_name_are_refused()
    {
        Assert.StartsWith("flow '(unnamed)': the flow is not valid JSON", Assert.Single(FlowReader.Read("{ nope").Errors).ToString());
        Assert.Equal("flow '(unnamed)', field 'name': a flow needs a name",
            Assert.Single(FlowReader.Read("{ \"modules\": [ { \"type\": \"hangup\", \"name\": \"bye\" } ] }").Errors).ToString());
    }

    [Theory]
    [InlineData("'timeZone': 'Europe/Helsinkii'", "timeZone", "'Europe/Helsinkii' is not an IANA time zone (e.g. Europe/Helsinki)")]
    [InlineData("'weekly': { 'monday': ['16:00-08:00'] }", "weekly.monday", "'16:00-08:00' closes before it opens (a range cannot cross midnight: split it at 24:00)")]
    [InlineData("'weekly': { 'funday': ['08:00-16:00'] }", "weekly.funday", "is not a weekday (monday ... sunday)")]
    [InlineData("'weekly': { 'monday': ['8-16'] }", "weekly.monday", "'8-16' is not a range HH:mm-HH:mm")]
    [InlineData("'specialDays': [ { 'date': '2025-02-30', 'closed': true } ]", "specialDays.date", "'2025-02-30' is not a date (yyyy-MM-dd)")]
    public void Opening_hours_errors_name_the_field(string field, string name, string message)
    {
        var settings = new Dictionary<string, string>
        {
            ["timeZone"] = "'timeZone': 'Europe/Helsinki'",
            ["weekly"] = "'weekly': { 'monday': ['08:00-16:00'] }",
        };
        settings[field.Split('\'')[1]] = field;
        var module = "{ 'type': 'openingHours', 'name': 'hours', " + string.Join(", ", settings.Values) + ", 'open': 'bye', 'closed': 'bye' }";
        Assert.Equal($"flow 'Test', module 'hours', field '{name}': {message}", OnlyError(module, Bye));
    }

    [Fact]
    public void The_flow_lists_every_audio_file_it_uses()
    {
        var flow = Read(
            Menu("'1': 'member', '2': 'bye'").Replace("'prompts': ['menu']", "'prompts': ['menu'], 'invalidPrompts': ['invalid']", StringComparison.Ordinal),
            "{ 'type': 'input', 'name': 'member', 'prompts': ['enter'], 'variable': 'm', 'length': 2, 'done': 'info', 'failed': 'bye' }",
            "{ 'type': 'message', 'name': 'info', 'prompts': ['info'], 'queue': 'support' }",
            Bye);
        var expected = new[] { "menu", "invalid", "enter", "you-entered", "confirm-or-reenter", "info" }
            .Concat("0123456789".Select(d => $"digit-{d}"));
        Assert.Equal(expected.Order(), flow.AudioFiles.Order());
    }
}

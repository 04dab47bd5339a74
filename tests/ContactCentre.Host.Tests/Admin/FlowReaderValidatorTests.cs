using ContactCentre.Domain.Configuration;
using ContactCentre.Host.Admin;

namespace ContactCentre.Host.Tests.Admin;

/// <summary>The admin validator places each error by flow, module and field, and knows the running queues and flows.</summary>
[Trait("Category", "Unit")]
public sealed class FlowReaderValidatorTests
{
    private static readonly ContactCentreConfiguration Demo = ConfigurationReader.Parse(File.ReadAllText(
        Path.Combine(AppContext.BaseDirectory, "demo", "contact-centre.json")));

    private static readonly FlowReaderValidator Validator = new(Demo, () => Demo.Flows.Keys.ToList());

    private const string Flow = """
        { "name": "Sales", "modules": [
            { "type": "message", "name": "hello", "prompts": [ "welcome" ], "next": "queue" },
            { "type": "queue", "name": "queue", "queue": "sales" } ] }
        """;

    [Fact]
    public void A_good_flow_is_read_with_its_name()
    {
        var result = Validator.Validate(Flow);

        Assert.True(result.IsValid);
        Assert.Equal("Sales", result.FlowName);
        Assert.Equal("hello", result.Flow!.Start);
    }

    [Theory]
    [InlineData("\"queue\": \"sales\"", "\"queue\": \"billing\"", "queue", "queue")]
    [InlineData("\"next\": \"queue\"", "\"next\": \"gone\"", "hello", "next")]
    [InlineData("\"type\": \"queue\"", "\"type\": \"jump\"", "queue", "type")]
    public void An_error_names_the_flow_module_and_field(string good, string bad, string module, string field)
    {
        var result = Validator.Validate(Flow.Replace(good, bad, StringComparison.Ordinal));

        Assert.False(result.IsValid);
        var error = Assert.Single(result.Errors);
        Assert.Equal(("Sales", module, field), (error.Flow, error.Module, error.Field));
    }

    [Fact]
    public void A_flow_without_a_name_is_refused_for_its_name_field()
    {
        var result = Validator.Validate("""{ "modules": [] }""");

        Assert.False(result.IsValid);
        Assert.Contains(result.Errors, e => e.Field == "name");
    }

    [Fact]
    public void Every_error_is_listed_not_only_the_first()
    {
        var result = Validator.Validate(Flow.Replace("\"next\": \"queue\"", "\"next\": \"gone\"", StringComparison.Ordinal)
            .Replace("\"type\": \"queue\"", "\"type\": \"jump\"", StringComparison.Ordinal));

        Assert.False(result.IsValid);
        Assert.True(result.Errors.Count >= 2, string.Join(Environment.NewLine, result.Errors));
    }

    [Fact]
    public void A_go_to_a_flow_the_centre_does_not_serve_is_refused()
    {
        var result = Validator.Validate("""
            { "name": "Sales", "modules": [ { "type": "goto", "name": "elsewhere", "flow": "Nowhere" } ] }
            """);

        Assert.Equal(("elsewhere", "flow"), (Assert.Single(result.Errors).Module, Assert.Single(result.Errors).Field));
    }
}

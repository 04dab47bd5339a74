using ContactCentre.Domain.Configuration;
using ContactCentre.Host.Admin;

namespace ContactCentre.Host.Tests.Admin;

/// <summary>The temporary validator places each error by flow, module and field, and knows the running queues.</summary>
[Trait("Category", "Unit")]
public sealed class ConfigurationFlowValidatorTests
{
    private static readonly ConfigurationFlowValidator Validator = new(ConfigurationReader.Parse(File.ReadAllText(
        Path.Combine(AppContext.BaseDirectory, "demo", "contact-centre.json"))));

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

        Assert.Null(result.FlowName);
        Assert.Equal("name", Assert.Single(result.Errors).Field);
    }
}

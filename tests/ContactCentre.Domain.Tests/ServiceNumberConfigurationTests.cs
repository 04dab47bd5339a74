using ContactCentre.Domain.Configuration;

namespace ContactCentre.Domain.Tests;

/// <summary>The "serviceNumbers" section of the configuration: numbers, aliases and the region they are read in.</summary>
[Trait("Category", "Unit")]
public sealed class ServiceNumberConfigurationTests
{
    [Fact]
    public void The_demo_alias_reaches_the_demo_flow_as_its_service_number()
    {
        var found = DemoFlow.Configuration.Resolve([new("sip:0942424242@cc", "Request-URI")]);
        Assert.Equal(("Demo", "+358201234567", "+358942424242"), (found!.Value.Flow.Name, found.Value.Match.Number.E164, found.Value.Match.Dialled.E164));
        Assert.Equal("FI", DemoFlow.Configuration.Numbers.Region);
    }

    [Fact]
    public void An_invalid_service_number_is_refused_naming_the_entry()
    {
        var json = DemoFlow.Json.Replace("\"number\": \"0201234567\"", "\"number\": \"020 123\"", StringComparison.Ordinal);
        var e = Assert.Throws<ConfigurationException>(() => ConfigurationReader.Parse(json));
        Assert.Equal("Service number '020 123': field 'number' is not a valid phone number in region FI.", e.Message);
    }

    [Fact]
    public void An_invalid_alias_is_refused_naming_the_entry_and_the_alias()
    {
        var json = DemoFlow.Json.Replace("\"+358 9 4242 4242\"", "\"+358 9 4242 4242\", \"call us\"", StringComparison.Ordinal);
        var e = Assert.Throws<ConfigurationException>(() => ConfigurationReader.Parse(json));
        Assert.Equal("Service number '0201234567': field 'aliases' has 'call us', which is not a valid phone number in region FI.", e.Message);
    }

    [Fact]
    public void An_alias_that_is_a_service_number_is_refused()
    {
        var json = DemoFlow.Json.Replace("\"+358 9 4242 4242\"", "\"+358 20 1234567\"", StringComparison.Ordinal);
        var e = Assert.Throws<ConfigurationException>(() => ConfigurationReader.Parse(json));
        Assert.Equal("Service number '+358201234567': alias +358201234567 is already service number '+358201234567'.", e.Message);
    }

    [Fact]
    public void A_region_setting_reads_national_forms_in_that_region()
    {
        var json = DemoFlow.Json
            .Replace("\"countryCallingCode\": \"358\"", "\"countryCallingCode\": \"46\", \"region\": \"SE\"", StringComparison.Ordinal)
            .Replace("\"0201234567\"", "\"08-123 456 78\"", StringComparison.Ordinal)
            .Replace("\"+358 9 4242 4242\"", "\"+358942424242\"", StringComparison.Ordinal);
        var config = ConfigurationReader.Parse(json);
        Assert.Equal("Demo", config.FlowFor("+46812345678")!.Name);
        Assert.Equal("Demo", config.FlowFor("08 12345678")!.Name);
        Assert.Equal("Demo", config.FlowFor("+358 9 4242 4242")!.Name);
    }

    [Theory]
    [InlineData("\"countryCallingCode\": \"999\"", "Configuration: field 'countryCallingCode' is '999', which is no country's calling code.")]
    [InlineData("\"countryCallingCode\": \"358\", \"region\": \"Finland\"", "Configuration: field 'region' is 'Finland', which is not a region code such as \"FI\".")]
    [InlineData("\"countryCallingCode\": \"358\", \"region\": \"SE\"", "Configuration: field 'region' is 'SE', whose calling code is 46, not 358 ('countryCallingCode').")]
    public void A_bad_country_or_region_is_refused_naming_the_field(string setting, string message)
    {
        var json = DemoFlow.Json.Replace("\"countryCallingCode\": \"358\"", setting, StringComparison.Ordinal);
        Assert.Equal(message, Assert.Throws<ConfigurationException>(() => ConfigurationReader.Parse(json)).Message);
    }
}

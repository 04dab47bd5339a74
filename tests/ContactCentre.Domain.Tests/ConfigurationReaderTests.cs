using ContactCentre.Domain.Configuration;
using ContactCentre.Domain.Flows;

namespace ContactCentre.Domain.Tests;

[Trait("Category", "Unit")]
public sealed class ConfigurationReaderTests
{
    [Fact]
    public void The_demo_configuration_routes_its_service_number_in_every_form_to_the_demo_flow()
    {
        var config = DemoFlow.Configuration;
        Assert.Equal("Demo", config.FlowFor("0201234567")!.Name);
        Assert.Equal("Demo", config.FlowFor("+358201234567")!.Name);
        Assert.Null(config.FlowFor("0209999999"));
        Assert.Equal(["agent1", "agent2"], config.Agents.Keys.Order());
        Assert.Contains("welcome", config.PromptNames());
        Assert.Empty(config.Warnings);
    }

    [Fact]
    public void An_exit_to_a_missing_module_is_refused_naming_flow_module_and_field()
    {
        var json = DemoFlow.Json.Replace("\"2\": \"sales\"", "\"2\": \"salez\"", StringComparison.Ordinal);
        var e = Assert.Throws<ConfigurationException>(() => ConfigurationReader.Parse(json));
        Assert.Equal("flow 'Demo', module 'menu', field 'options.2': leads to unknown module 'salez'", e.Message);
    }

    [Fact]
    public void A_menu_with_one_option_is_refused()
    {
        var json = DemoFlow.Json.Replace("\"1\": \"support\", \"2\": \"sales\"", "\"1\": \"support\"", StringComparison.Ordinal);
        var e = Assert.Throws<ConfigurationException>(() => ConfigurationReader.Parse(json));
        Assert.Equal("flow 'Demo', module 'menu', field 'options': a menu needs at least 2 options, has 1", e.Message);
    }

    [Fact]
    public void A_queue_module_naming_an_unknown_queue_is_refused()
    {
        var json = DemoFlow.Json.Replace("\"queue\": \"sales\"", "\"queue\": \"billing\"", StringComparison.Ordinal);
        var e = Assert.Throws<ConfigurationException>(() => ConfigurationReader.Parse(json));
        Assert.Equal("flow 'Demo', module 'sales', field 'queue': names unknown queue 'billing'", e.Message);
    }

    [Fact]
    public void Broken_json_is_refused_with_a_reason() =>
        Assert.StartsWith("The configuration is not valid JSON", Assert.Throws<ConfigurationException>(() => ConfigurationReader.Parse("{ nope")).Message);

    [Fact]
    public void Modules_are_read_with_their_settings()
    {
        var menu = Assert.IsType<MenuModule>(DemoFlow.Configuration.Flows["Demo"].Module("menu"));
        Assert.Equal(TimeSpan.FromSeconds(5), menu.Timeout);
        Assert.Equal(2, menu.Retries);
        Assert.Equal("support", menu.Options['1']);
    }

    [Fact]
    public void Trunks_and_agent_SIP_passwords_are_read_and_a_bad_address_range_is_named()
    {
        var json = DemoFlow.Json.Replace("\"queues\":", "\"trunks\": [ { \"name\": \"carrier\", \"inboundAddresses\": [ \"192.0.2.0/24\", \"198.51.100.7\" ], \"outboundProxy\": \"192.0.2.10:5060\", \"username\": \"cc\", \"password\": \"pw\" } ],\n  \"queues\":", StringComparison.Ordinal);
        var config = ConfigurationReader.Parse(json);
        var trunk = Assert.Single(config.Trunks);
        Assert.Equal(["192.0.2.0/24", "198.51.100.7"], trunk.InboundAddresses);
        Assert.Equal("192.0.2.10:5060", trunk.OutboundProxy);
        Assert.Equal("agent1-demo", config.Agents["agent1"].SipPassword);

        var bad = json.Replace("192.0.2.0/24", "192.0.2.0/33", StringComparison.Ordinal);
        var e = Assert.Throws<ConfigurationException>(() => ConfigurationReader.Parse(bad));
        Assert.Equal("Trunk 'carrier': field 'inboundAddresses' has '192.0.2.0/33', which is not an IP address or CIDR range.", e.Message);
    }

    [Fact]
    public void A_desktop_password_overrides_the_SIP_password_for_the_desktop_and_an_agent_with_neither_is_warned_about()
    {
        var json = DemoFlow.Json
            .Replace("\"sipPassword\": \"agent1-demo\"", "\"sipPassword\": \"agent1-demo\", \"desktopPassword\": \"agent1-desk\"", StringComparison.Ordinal)
            .Replace(", \"sipPassword\": \"agent2-demo\"", "", StringComparison.Ordinal);
        var config = ConfigurationReader.Parse(json);
        Assert.Equal("agent1-desk", config.Agents["agent1"].DesktopLoginPassword);
        Assert.Equal("agent1-demo", config.Agents["agent1"].SipPassword);
        Assert.Null(config.Agents["agent2"].DesktopLoginPassword);
        Assert.Equal("Agent 'agent2' has neither 'desktopPassword' nor 'sipPassword': its desktop cannot log in.", Assert.Single(config.Warnings));
        Assert.Equal("agent2-demo", DemoFlow.Configuration.Agents["agent2"].DesktopLoginPassword);
    }

    [Fact]
    public void A_skill_that_no_agent_of_the_queue_has_is_warned_about()
    {
        var json = DemoFlow.Json
            .Replace("\"name\": \"support\", \"queue\": \"support\",", "\"name\": \"support\", \"queue\": \"support\", \"skills\": [\"swedish\", \"finnish\"],", StringComparison.Ordinal)
            .Replace("\"sipPassword\": \"agent2-demo\"", "\"sipPassword\": \"agent2-demo\", \"skills\": { \"finnish\": 2 }", StringComparison.Ordinal);
        var config = ConfigurationReader.Parse(json);
        Assert.Equal(["swedish", "finnish"], ((ContactCentre.Domain.Flows.QueueModule)config.Flows["Demo"].Modules["support"]).Skills);
        Assert.Equal(
            "Flow 'Demo', module 'support': no agent of queue 'support' has skill 'swedish', so its callers wait until the queue's limits send them on.",
            Assert.Single(config.Warnings));
    }
}

using ContactCentre.Domain.Configuration;
using ContactCentre.Domain.Queues;

namespace ContactCentre.Domain.Tests.Queues;

[Trait("Category", "Unit")]
public sealed class QueueConfigurationTests
{
    private static string Config(string queue) => $$"""
        {
          "countryCallingCode": "358",
          "serviceNumbers": [ { "number": "0201234567", "flow": "F" } ],
          "queues": [ {{queue}} ],
          "agents": [],
          "flows": [ { "name": "F", "start": "q", "modules": [ { "type": "queue", "name": "q", "queue": "support", "prompts": [] } ] } ]
        }
        """;

    [Fact]
    public void A_queue_without_settings_gets_the_defaults()
    {
        var settings = ConfigurationReader.Parse(Config("""{ "name": "support" }""")).Queues["support"].Settings;
        Assert.Equal(QueueSettings.Default, settings);
        Assert.Equal((null, null, NoAgentsRule.Stay, 20.0, EwtMethod.ErlangC, null, false),
            (settings.MaxWaiting, settings.MaxWait, settings.WhenNoAgents, settings.ServiceLevelThreshold.TotalSeconds, settings.EwtMethod,
                settings.AnnouncementInterval, settings.AnnounceOnlyWhenImproved));
    }

    [Fact]
    public void Every_queue_setting_is_read()
    {
        var settings = ConfigurationReader.Parse(Config("""
            { "name": "support", "maxWaiting": 20, "maxWaitSeconds": 600, "whenNoAgents": "overflow", "serviceLevelSeconds": 30,
              "ewtMethod": "average", "announcementIntervalSeconds": 45, "announceOnlyWhenImproved": true }
            """)).Queues["support"].Settings;
        Assert.Equal(new QueueSettings
        {
            MaxWaiting = 20, MaxWait = TimeSpan.FromMinutes(10), WhenNoAgents = NoAgentsRule.Overflow, ServiceLevelThreshold = TimeSpan.FromSeconds(30),
            EwtMethod = EwtMethod.Average, AnnouncementInterval = TimeSpan.FromSeconds(45), AnnounceOnlyWhenImproved = true,
        }, settings);
    }

    [Fact]
    public void The_demo_support_queue_announces_and_estimates_with_erlang_c()
    {
        var settings = DemoFlow.Configuration.Queues["support"].Settings;
        Assert.Equal((NoAgentsRule.Stay, EwtMethod.ErlangC, 60.0, true),
            (settings.WhenNoAgents, settings.EwtMethod, settings.AnnouncementInterval!.Value.TotalSeconds, settings.AnnounceOnlyWhenImproved));
        Assert.Equal(EwtMethod.Average, DemoFlow.Configuration.Queues["sales"].Settings.EwtMethod);
    }

    [Theory]
    [InlineData("\"maxWaiting\": 0", "Queue 'support': field 'maxWaiting' must be at least 1, is 0.")]
    [InlineData("\"maxWaiting\": \"ten\"", "Queue 'support': field 'maxWaiting' must be a whole number, is \"ten\".")]
    [InlineData("\"maxWaitSeconds\": 1.5", "Queue 'support': field 'maxWaitSeconds' must be a whole number, is 1.5.")]
    [InlineData("\"whenNoAgents\": \"hangup\"", "Queue 'support': field 'whenNoAgents' must be one of 'stay', 'full', 'overflow', is \"hangup\".")]
    [InlineData("\"ewtMethod\": 2", "Queue 'support': field 'ewtMethod' must be one of 'average', 'erlangC', is 2.")]
    [InlineData("\"serviceLevelSeconds\": -5", "Queue 'support': field 'serviceLevelSeconds' must be at least 0, is -5.")]
    [InlineData("\"announcementIntervalSeconds\": 5", "Queue 'support': field 'announcementIntervalSeconds' must be at least 10, is 5.")]
    [InlineData("\"announceOnlyWhenImproved\": \"yes\"", "Queue 'support': field 'announceOnlyWhenImproved' must be true or false, is \"yes\".")]
    public void A_bad_queue_setting_is_refused_naming_the_queue_and_field(string field, string message)
    {
        var e = Assert.Throws<ConfigurationException>(() => ConfigurationReader.Parse(Config($$"""{ "name": "support", {{field}} }""")));
        Assert.Equal(message, e.Message);
    }
}

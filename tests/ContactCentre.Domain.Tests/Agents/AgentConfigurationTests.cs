using ContactCentre.Domain.Agents;
using ContactCentre.Domain.Configuration;

namespace ContactCentre.Domain.Tests.Agents;

/// <summary>"agentStates", queues' "wrapUpSeconds", agents' "skills", "queuePriorities" and "supervisor".</summary>
[Trait("Category", "Unit")]
public sealed class AgentConfigurationTests
{
    private const string Base = """
        {
          "countryCallingCode": "358",
          "serviceNumbers": [ { "number": "0201234567", "flow": "F" } ],
          "queues": [ { "name": "support", "wrapUpSeconds": 30 }, { "name": "sales" } ],
          "agents": [ { "id": "a1", "queues": [ "support", "sales" ], "skills": { "finnish": 3 }, "queuePriorities": { "sales": 2 }, "supervisor": true },
                      { "id": "a2", "queues": [ "sales" ] } ],
          AGENT_STATES
          "flows": [ { "name": "F", "start": "q", "modules": [ { "type": "queue", "name": "q", "queue": "support" } ] } ]
        }
        """;

    private static ContactCentreConfiguration Parse(string agentStates) => ConfigurationReader.Parse(Base.Replace("AGENT_STATES", agentStates, StringComparison.Ordinal));

    private static string Refusal(string json) => Assert.Throws<ConfigurationException>(() => ConfigurationReader.Parse(json)).Message;

    [Fact]
    public void Pause_reasons_thresholds_wrap_up_skills_priorities_and_supervisors_are_read()
    {
        var config = Parse("""
            "agentStates": { "pauseReasons": [ "Lunch", "Training" ], "autoPauseAfterNoAnswers": 3, "autoLogoffAfterOfferErrors": 4 },
            """);
        var rules = config.AgentRules;
        Assert.Equal(["Lunch", "Training"], rules.PauseReasons);
        Assert.Equal((3, 4), (rules.AutoPauseAfterNoAnswers, rules.AutoLogoffAfterOfferErrors));
        Assert.Equal((TimeSpan.FromSeconds(30), TimeSpan.Zero), (rules.WrapUpTime("support"), rules.WrapUpTime("sales")));
        var a1 = config.Agents["a1"];
        Assert.Equal((3, 2, true), (a1.Skills["finnish"], a1.QueuePriorities["sales"], a1.Supervisor));
        Assert.False(config.Agents["a2"].Supervisor);
    }

    [Fact]
    public void Without_agent_states_auto_pause_is_off_and_auto_logoff_is_after_5_errors()
    {
        var rules = Parse("").AgentRules;
        Assert.Equal((0, 5), (rules.AutoPauseAfterNoAnswers, rules.AutoLogoffAfterOfferErrors));
        Assert.Empty(rules.PauseReasons);
        Assert.Equal(TimeSpan.FromSeconds(30), rules.WrapUpTime("support"));
    }

    [Theory]
    [InlineData("\"agentStates\": { \"pauseReasons\": [ \"Lunch\", \"Lunch\" ] },", "AgentStates: field 'pauseReasons' lists 'Lunch' twice.")]
    [InlineData("\"agentStates\": { \"pauseReasons\": [ \"No answer\" ] },", "AgentStates: field 'pauseReasons' has 'No answer', which is the automatic pause's own reason.")]
    [InlineData("\"agentStates\": { \"autoPauseAfterNoAnswers\": -1 },", "AgentStates: field 'autoPauseAfterNoAnswers' is -1; it must be 0 (off) or more.")]
    [InlineData("\"agentStates\": { \"autoLogoffAfterOfferErrors\": \"five\" },", "AgentStates: field 'autoLogoffAfterOfferErrors' is not a number.")]
    public void Bad_agent_states_are_refused_naming_the_field(string section, string message) =>
        Assert.Equal(message, Refusal(Base.Replace("AGENT_STATES", section, StringComparison.Ordinal)));

    [Theory]
    [InlineData("\"wrapUpSeconds\": 30", "\"wrapUpSeconds\": -5", "Queue 'support': field 'wrapUpSeconds' is -5; it must be 0 or more.")]
    [InlineData("\"finnish\": 3", "\"finnish\": 0", "Agent 'a1': field 'skills' gives 'finnish' level 0; levels are 1 and up.")]
    [InlineData("\"finnish\": 3", "\"finnish\": \"high\"", "Agent 'a1': field 'skills' gives 'finnish' a value that is not a whole number.")]
    [InlineData("{ \"sales\": 2 }", "{ \"billing\": 2 }", "Agent 'a1': field 'queuePriorities' names queue 'billing', which the agent does not serve.")]
    [InlineData("\"supervisor\": true", "\"supervisor\": \"yes\"", "Agent 'a1': field 'supervisor' must be true or false.")]
    public void Bad_agent_routing_is_refused_naming_agent_and_field(string good, string bad, string message) =>
        Assert.Equal(message, Refusal(Base.Replace("AGENT_STATES", "", StringComparison.Ordinal).Replace(good, bad, StringComparison.Ordinal)));
}

using System.Text.Json;
using System.Text.Json.Nodes;
using ContactCentre.Domain.Agents;

namespace ContactCentre.Domain.Configuration;

/// <summary>
/// Agent states and routing: the "agentStates" section (pause reasons, automatic pause and log-off), each queue's
/// "wrapUpSeconds", and each agent's "skills" and "queuePriorities".
/// </summary>
public static partial class ConfigurationReader
{
    private static AgentRules ReadAgentRules(JsonNode root)
    {
        var wrapUp = new Dictionary<string, TimeSpan>(StringComparer.Ordinal);
        foreach (var q in Array(root, "queues", "configuration"))
        {
            var name = Text(q, "name", "queue");
            var seconds = Int(q, "wrapUpSeconds", $"queue '{name}'", 0);
            if (seconds < 0) throw new ConfigurationException($"Queue '{name}': field 'wrapUpSeconds' is {seconds}; it must be 0 or more.");
            if (seconds > 0) wrapUp[name] = TimeSpan.FromSeconds(seconds);
        }
        var section = root["agentStates"];
        if (section is null) return AgentRules.Default with { WrapUpTimes = wrapUp };
        const string where = "agentStates";
        var reasons = Strings(section, "pauseReasons", where, required: false);
        foreach (var r in reasons.Where(r => string.IsNullOrWhiteSpace(r)))
            throw new ConfigurationException("AgentStates: field 'pauseReasons' has an empty reason.");
        var duplicate = reasons.GroupBy(r => r, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new ConfigurationException($"AgentStates: field 'pauseReasons' lists '{duplicate.Key}' twice.");
        if (reasons.Contains(AgentRules.AutoPauseReason, StringComparer.Ordinal))
            throw new ConfigurationException($"AgentStates: field 'pauseReasons' has '{AgentRules.AutoPauseReason}', which is the automatic pause's own reason.");
        var autoPause = Int(section, "autoPauseAfterNoAnswers", where, 0);
        var autoLogoff = Int(section, "autoLogoffAfterOfferErrors", where, 5);
        if (autoPause < 0) throw new ConfigurationException($"AgentStates: field 'autoPauseAfterNoAnswers' is {autoPause}; it must be 0 (off) or more.");
        if (autoLogoff < 0) throw new ConfigurationException($"AgentStates: field 'autoLogoffAfterOfferErrors' is {autoLogoff}; it must be 0 (off) or more.");
        return new AgentRules(reasons, wrapUp, autoPause, autoLogoff);
    }

    /// <summary>An agent's optional "skills" (name → level 1 and up), "queuePriorities" (queue → number, higher first) and "supervisor".</summary>
    private static AgentDefinition WithRouting(JsonNode? node, AgentDefinition agent)
    {
        var where = $"Agent '{agent.Id}'";
        var skills = Levels(node, "skills", where);
        foreach (var (skill, level) in skills.Where(s => s.Value < 1))
            throw new ConfigurationException($"{where}: field 'skills' gives '{skill}' level {level}; levels are 1 and up.");
        var priorities = Levels(node, "queuePriorities", where);
        foreach (var queue in priorities.Keys.Where(q => !agent.Queues.Contains(q, StringComparer.Ordinal)))
            throw new ConfigurationException($"{where}: field 'queuePriorities' names queue '{queue}', which the agent does not serve.");
        var supervisor = node?["supervisor"] switch
        {
            null => false,
            JsonValue v when v.GetValueKind() is JsonValueKind.True or JsonValueKind.False => v.GetValue<bool>(),
            _ => throw new ConfigurationException($"{where}: field 'supervisor' must be true or false."),
        };
        return agent with { Skills = skills, QueuePriorities = priorities, Supervisor = supervisor };
    }

    private static Dictionary<string, int> Levels(JsonNode? node, string field, string where)
    {
        var result = new Dictionary<string, int>(StringComparer.Ordinal);
        if (node?[field] is null) return result;
        if (node[field] is not JsonObject map) throw new ConfigurationException($"{where}: field '{field}' must be an object of names to whole numbers.");
        foreach (var (name, value) in map)
        {
            if (value is null || value.GetValueKind() != JsonValueKind.Number || !value.AsValue().TryGetValue<int>(out var n))
                throw new ConfigurationException($"{where}: field '{field}' gives '{name}' a value that is not a whole number.");
            result[name] = n;
        }
        return result;
    }
}

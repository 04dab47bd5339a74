using System.Text.Json;
using System.Text.Json.Nodes;
using ContactCentre.Domain.Queues;

namespace ContactCentre.Domain.Configuration;

public static partial class ConfigurationReader
{
    /// <summary>
    /// A queue: <c>{ "name": "support", "maxWaiting": 20, "maxWaitSeconds": 600, "whenNoAgents": "overflow",
    /// "serviceLevelSeconds": 20, "ewtMethod": "erlangC", "announcementIntervalSeconds": 60, "announceOnlyWhenImproved": true }</c>;
    /// every field but the name is optional.
    /// </summary>
    private static QueueDefinition ReadQueue(JsonNode? node)
    {
        var name = Text(node, "name", "queue");
        var where = $"queue '{name}'";
        var defaults = QueueSettings.Default;
        var settings = new QueueSettings
        {
            MaxWaiting = WholeNumber(node, "maxWaiting", where, least: 1),
            MaxWait = Seconds(node, "maxWaitSeconds", where, least: 1),
            WhenNoAgents = Choice(node, "whenNoAgents", where, defaults.WhenNoAgents,
                ("stay", NoAgentsRule.Stay), ("full", NoAgentsRule.Full), ("overflow", NoAgentsRule.Overflow)),
            ServiceLevelThreshold = Seconds(node, "serviceLevelSeconds", where, least: 0) ?? defaults.ServiceLevelThreshold,
            EwtMethod = Choice(node, "ewtMethod", where, defaults.EwtMethod, ("average", EwtMethod.Average), ("erlangC", EwtMethod.ErlangC)),
            AnnouncementInterval = Seconds(node, "announcementIntervalSeconds", where, least: 10),
            AnnounceOnlyWhenImproved = Flag(node, "announceOnlyWhenImproved", where) ?? defaults.AnnounceOnlyWhenImproved,
        };
        return new QueueDefinition(name) { Settings = settings };
    }

    private static int? WholeNumber(JsonNode? node, string field, string where, int least)
    {
        var value = node?[field];
        if (value is null) return null;
        if (value.GetValueKind() != JsonValueKind.Number || !value.AsValue().TryGetValue<int>(out var number))
            throw new ConfigurationException($"{Capitalise(where)}: field '{field}' must be a whole number, is {value.ToJsonString()}.");
        if (number < least)
            throw new ConfigurationException($"{Capitalise(where)}: field '{field}' must be at least {least}, is {number}.");
        return number;
    }

    private static TimeSpan? Seconds(JsonNode? node, string field, string where, int least) =>
        WholeNumber(node, field, where, least) is { } seconds ? TimeSpan.FromSeconds(seconds) : null;

    private static bool? Flag(JsonNode? node, string field, string where)
    {
        var value = node?[field];
        if (value is null) return null;
        return value.GetValueKind() switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw new ConfigurationException($"{Capitalise(where)}: field '{field}' must be true or false, is {value.ToJsonString()}."),
        };
    }

    private static T Choice<T>(JsonNode? node, string field, string where, T fallback, params (string Text, T Value)[] choices)
    {
        var value = node?[field];
        if (value is null) return fallback;
        var text = value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;
        foreach (var (name, choice) in choices)
            if (string.Equals(name, text, StringComparison.Ordinal))
                return choice;
        throw new ConfigurationException(
            $"{Capitalise(where)}: field '{field}' must be one of {string.Join(", ", choices.Select(c => $"'{c.Text}'"))}, is {value.ToJsonString()}.");
    }
}

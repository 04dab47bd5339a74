using System.Text.Json;
using System.Text.Json.Nodes;

namespace ContactCentre.Domain.Flows;

/// <summary>Reads the fields of one flow's JSON, collecting every problem with the module and field it is in.</summary>
internal sealed class FlowJson(string flow)
{
    public const string Unnamed = "(unnamed)";

    public List<FlowProblem> Errors { get; } = [];

    public List<FlowProblem> Warnings { get; } = [];

    public void Error(string? module, string? field, string message) => Errors.Add(new FlowProblem(flow, module, field, message));

    public void Warning(string? module, string? field, string message) => Warnings.Add(new FlowProblem(flow, module, field, message));

    public string? Text(JsonNode? node, string? module, string field, bool required = true, string? label = null)
    {
        var named = label ?? field;
        var value = node?[field];
        if (value is null)
        {
            if (required) Error(module, named, "is missing");
            return null;
        }
        if (value.GetValueKind() != JsonValueKind.String || string.IsNullOrWhiteSpace(value.GetValue<string>()))
        {
            Error(module, named, "must be non-empty text");
            return null;
        }
        return value.GetValue<string>();
    }

    public int Int(JsonNode? node, string module, string field, int fallback, int min, int max = int.MaxValue, string? label = null)
    {
        var named = label ?? field;
        var value = node?[field];
        if (value is null) return fallback;
        if (value.GetValueKind() != JsonValueKind.Number || !value.AsValue().TryGetValue<int>(out var number))
        {
            Error(module, named, "must be a whole number");
            return fallback;
        }
        if (number < min || number > max)
        {
            Error(module, named, max == int.MaxValue ? $"must be at least {min}, is {number}" : $"must be from {min} to {max}, is {number}");
            return fallback;
        }
        return number;
    }

    /// <param name="label">The field as the error names it, when nested (e.g. "callback.offer").</param>
    public bool Bool(JsonNode? node, string module, string field, bool fallback, string? label = null)
    {
        var named = label ?? field;
        var value = node?[field];
        if (value is null) return fallback;
        if (value.GetValueKind() is JsonValueKind.True or JsonValueKind.False)
            return value.GetValue<bool>();
        Error(module, named, "must be true or false");
        return fallback;
    }

    /// <summary>A list of distinct non-empty names (a queue's needed skills); absent is an empty list.</summary>
    public IReadOnlyList<string> Names(JsonNode? node, string module, string field, string example)
    {
        var value = node?[field];
        if (value is null) return [];
        if (value is not JsonArray list || list.Any(n => n is null || n.GetValueKind() != JsonValueKind.String || string.IsNullOrWhiteSpace(n.GetValue<string>())))
        {
            Error(module, field, $"must be a list of names, e.g. {example}");
            return [];
        }
        var names = list.Select(n => n!.GetValue<string>().Trim()).ToList();
        if (names.GroupBy(n => n, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } twice)
            Error(module, field, $"names '{twice.Key}' more than once");
        return names.Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>A list of prompt (audio file) names; <paramref name="atLeastOne"/> for modules that must say something.</summary>
    public IReadOnlyList<string> Prompts(JsonNode? node, string module, string field, bool atLeastOne)
    {
        var value = node?[field];
        if (value is null)
        {
            if (atLeastOne) Error(module, field, "needs at least one prompt");
            return [];
        }
        if (value is not JsonArray list || list.Any(p => p is null || p.GetValueKind() != JsonValueKind.String || string.IsNullOrWhiteSpace(p.GetValue<string>())))
        {
            Error(module, field, "must be a list of prompt names");
            return [];
        }
        if (atLeastOne && list.Count == 0)
            Error(module, field, "needs at least one prompt");
        return list.Select(p => p!.GetValue<string>()).ToList();
    }
}

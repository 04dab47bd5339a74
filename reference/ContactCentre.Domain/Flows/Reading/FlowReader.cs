using System.Text.Json;
using System.Text.Json.Nodes;

namespace ContactCentre.Domain.Flows;

/// <summary>
/// Reads one flow from its JSON (the shape of a "flows" entry in contact-centre.json) and checks it: every exit
/// leads to a module of the flow, every setting is in range. Names of queues, trunks and other flows are checked by
/// whoever knows them (the configuration reader).
/// </summary>
public static class FlowReader
{
    public static FlowReadResult Read(string json)
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(json);
        }
        catch (JsonException e)
        {
            return Refused(new FlowProblem(FlowJson.Unnamed, null, null, $"the flow is not valid JSON: {e.Message}"));
        }
        return Read(node);
    }

    internal static FlowReadResult Read(JsonNode? node)
    {
        if (node is not JsonObject flowObject)
            return Refused(new FlowProblem(FlowJson.Unnamed, null, null, "a flow must be a JSON object"));

        var name = flowObject["name"] is JsonValue v && v.TryGetValue<string>(out var n) && !string.IsNullOrWhiteSpace(n) ? n : null;
        var json = new FlowJson(name ?? FlowJson.Unnamed);
        if (name is null)
            json.Error(null, "name", "a flow needs a name");

        var modules = new Dictionary<string, FlowModule>(StringComparer.Ordinal);
        var names = new HashSet<string>(StringComparer.Ordinal);
        if (flowObject["modules"] is not JsonArray moduleNodes || moduleNodes.Count == 0)
        {
            json.Error(null, "modules", "a flow needs a list of at least one module");
            moduleNodes = [];
        }
        string? first = null;
        foreach (var moduleNode in moduleNodes)
        {
            var moduleName = json.Text(moduleNode, null, "name");
            if (moduleName is null) continue;
            first ??= moduleName;
            if (!names.Add(moduleName))
            {
                json.Error(moduleName, "name", "the module name is used twice");
                continue;
            }
            if (ModuleReader.Read(json, moduleNode!, moduleName) is { } module)
                modules[moduleName] = module;
        }

        var start = json.Text(flowObject, null, "start", required: false) ?? first;
        if (start is not null && !names.Contains(start))
            json.Error(null, "start", $"names unknown module '{start}'");

        foreach (var module in modules.Values)
            foreach (var (field, exit) in module.Exits.Where(e => !names.Contains(e.Module)))
                json.Error(module.Name, field, $"leads to unknown module '{exit}'");

        if (start is not null && names.Contains(start))
            foreach (var unreachable in Unreachable(start, modules))
                json.Warning(unreachable, null, $"no exit leads to this module from the start '{start}'");

        return json.Errors.Count > 0 || name is null || start is null
            ? new FlowReadResult(null, json.Errors, json.Warnings)
            : new FlowReadResult(new Flow(name, start, modules), json.Errors, json.Warnings);
    }

    private static IEnumerable<string> Unreachable(string start, IReadOnlyDictionary<string, FlowModule> modules)
    {
        var reached = new HashSet<string>(StringComparer.Ordinal) { start };
        var next = new Queue<string>([start]);
        while (next.TryDequeue(out var current))
            if (modules.TryGetValue(current, out var module))
                foreach (var (_, exit) in module.Exits)
                    if (reached.Add(exit)) next.Enqueue(exit);
        return modules.Keys.Where(m => !reached.Contains(m));
    }

    private static FlowReadResult Refused(FlowProblem problem) => new(null, [problem], []);
}

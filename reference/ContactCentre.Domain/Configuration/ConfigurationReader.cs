using System.Text.Json;
using System.Text.Json.Nodes;
using ContactCentre.Domain.Flows;

namespace ContactCentre.Domain.Configuration;

/// <summary>Thrown for a configuration that cannot serve; the message names the flow, module and field.</summary>
public sealed class ConfigurationException(string message) : Exception(message);

/// <summary>
/// Reads the JSON configuration (see reference/ContactCentre.Host/demo/contact-centre.json) and checks it:
/// every exit leads to a module, every queue and flow named exists.
/// </summary>
public static partial class ConfigurationReader
{
    public static ContactCentreConfiguration Parse(string json)
    {
        JsonNode root;
        try
        {
            root = JsonNode.Parse(json) ?? throw new ConfigurationException("The configuration is empty.");
        }
        catch (JsonException e)
        {
            throw new ConfigurationException($"The configuration is not valid JSON: {e.Message}");
        }

        var country = Text(root, "countryCallingCode", "configuration");
        var queues = Array(root, "queues", "configuration")
            .Select(q => new QueueDefinition(Text(q, "name", "queue")))
            .ToDictionary(q => q.Name, StringComparer.Ordinal);

        var flows = Array(root, "flows", "configuration").Select(ReadFlow).ToDictionary(f => f.Name, StringComparer.Ordinal);
        foreach (var flow in flows.Values)
            Check(flow, queues);

        var numbers = ReadServiceNumbers(root, country, flows);

        var agents = Array(root, "agents", "configuration").Select(a =>
        {
            var id = Text(a, "id", "agent");
            var agentQueues = Strings(a, "queues", $"agent '{id}'");
            foreach (var q in agentQueues.Where(q => !queues.ContainsKey(q)))
                throw new ConfigurationException($"Agent '{id}': field 'queues' names unknown queue '{q}'.");
            return new AgentDefinition(id, a?["name"]?.GetValue<string>() ?? id, agentQueues, OptionalText(a, "sipPassword", $"agent '{id}'"));
        }).ToDictionary(a => a.Id, StringComparer.Ordinal);

        var trunks = root["trunks"] is null ? [] : Array(root, "trunks", "configuration").Select(ReadTrunk).ToList();
        return new ContactCentreConfiguration(country, numbers.Entries.ToDictionary(e => e.Number, e => e.Flow), flows, queues, agents) { Trunks = trunks, Numbers = numbers };
    }

    private static TrunkDefinition ReadTrunk(JsonNode? node)
    {
        var name = Text(node, "name", "trunk");
        var where = $"trunk '{name}'";
        var addresses = Strings(node, "inboundAddresses", where);
        foreach (var address in addresses.Where(a => !IsAddressOrRange(a)))
            throw new ConfigurationException($"Trunk '{name}': field 'inboundAddresses' has '{address}', which is not an IP address or CIDR range.");
        return new TrunkDefinition(name, addresses, OptionalText(node, "outboundProxy", where), OptionalText(node, "username", where), OptionalText(node, "password", where));
    }

    private static bool IsAddressOrRange(string text)
    {
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        var address = slash < 0 ? text : text[..slash];
        return System.Net.IPAddress.TryParse(address, out var ip)
            && (slash < 0 || (int.TryParse(text[(slash + 1)..], out var bits) && bits >= 0
                && bits <= (ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? 128 : 32)));
    }

    private static string? OptionalText(JsonNode? node, string field, string where) =>
        node?[field] is null ? null : Text(node, field, where);

    private static Flow ReadFlow(JsonNode? node)
    {
        var name = Text(node, "name", "flow");
        var where = $"Flow '{name}'";
        var modules = Array(node, "modules", where).Select(m => ReadModule(m, where)).ToList();
        var duplicate = modules.GroupBy(m => m.Name).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new ConfigurationException($"{where}: module name '{duplicate.Key}' is used twice.");
        var start = node?["start"]?.GetValue<string>() ?? modules.FirstOrDefault()?.Name
            ?? throw new ConfigurationException($"{where}: field 'modules' is empty.");
        return new Flow(name, start, modules.ToDictionary(m => m.Name, StringComparer.Ordinal));
    }

    private static FlowModule ReadModule(JsonNode? node, string flow)
    {
        var name = Text(node, "name", $"{flow}, a module");
        var where = $"{flow}, module '{name}'";
        var type = Text(node, "type", where);
        return type switch
        {
            "message" => new MessageModule(name, Strings(node, "prompts", where), Text(node, "next", where)),
            "menu" => ReadMenu(node, name, where),
            "queue" => new QueueModule(name, Text(node, "queue", where), Int(node, "priority", where, 0), Strings(node, "prompts", where, required: false)),
            "hangup" => new HangUpModule(name),
            _ => throw new ConfigurationException($"{where}: field 'type' has unknown value '{type}' (message, menu, queue, hangup).")
        };
    }

    private static MenuModule ReadMenu(JsonNode? node, string name, string where)
    {
        var options = node?["options"] as JsonObject ?? throw new ConfigurationException($"{where}: field 'options' is missing.");
        var map = new Dictionary<char, string>();
        foreach (var (key, value) in options)
        {
            if (key.Length != 1 || !"0123456789*#".Contains(key[0]))
                throw new ConfigurationException($"{where}: field 'options' has key '{key}', which is not a keypad digit.");
            map[key[0]] = value?.GetValue<string>() ?? throw new ConfigurationException($"{where}: option '{key}' has no exit.");
        }
        if (map.Count < 2)
            throw new ConfigurationException($"{where}: field 'options' needs at least 2 options, has {map.Count}.");
        return new MenuModule(
            name,
            Strings(node, "prompts", where),
            map,
            TimeSpan.FromSeconds(Int(node, "timeoutSeconds", where, 5)),
            Int(node, "retries", where, 2),
            Strings(node, "invalidPrompts", where, required: false),
            Text(node, "onFailure", where));
    }

    private static void Check(Flow flow, IReadOnlyDictionary<string, QueueDefinition> queues)
    {
        if (!flow.Modules.ContainsKey(flow.Start))
            throw new ConfigurationException($"Flow '{flow.Name}': field 'start' names unknown module '{flow.Start}'.");
        foreach (var module in flow.Modules.Values)
        {
            var where = $"Flow '{flow.Name}', module '{module.Name}'";
            IEnumerable<(string Field, string Exit)> exits = module switch
            {
                MessageModule m => [("next", m.Next)],
                MenuModule m => m.Options.Select(o => ($"options.{o.Key}", o.Value)).Append(("onFailure", m.OnFailure)),
                _ => []
            };
            foreach (var (field, exit) in exits.Where(e => !flow.Modules.ContainsKey(e.Exit)))
                throw new ConfigurationException($"{where}: field '{field}' leads to unknown module '{exit}'.");
            if (module is QueueModule q && !queues.ContainsKey(q.Queue))
                throw new ConfigurationException($"{where}: field 'queue' names unknown queue '{q.Queue}'.");
        }
    }

    private static string Text(JsonNode? node, string field, string where)
    {
        var value = node?[field];
        if (value is null || value.GetValueKind() != JsonValueKind.String || string.IsNullOrWhiteSpace(value.GetValue<string>()))
            throw new ConfigurationException($"{Capitalise(where)}: field '{field}' is missing or not text.");
        return value.GetValue<string>();
    }

    private static int Int(JsonNode? node, string field, string where, int fallback)
    {
        var value = node?[field];
        if (value is null) return fallback;
        if (value.GetValueKind() != JsonValueKind.Number)
            throw new ConfigurationException($"{Capitalise(where)}: field '{field}' is not a number.");
        return value.GetValue<int>();
    }

    private static IEnumerable<JsonNode?> Array(JsonNode? node, string field, string where) =>
        node?[field] as JsonArray ?? throw new ConfigurationException($"{Capitalise(where)}: field '{field}' is missing or not a list.");

    private static IReadOnlyList<string> Strings(JsonNode? node, string field, string where, bool required = true)
    {
        if (node?[field] is null && !required) return [];
        return Array(node, field, where).Select(v =>
            v is not null && v.GetValueKind() == JsonValueKind.String
                ? v.GetValue<string>()
                : throw new ConfigurationException($"{Capitalise(where)}: field '{field}' must hold text only.")).ToList();
    }

    private static string Capitalise(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..];
}

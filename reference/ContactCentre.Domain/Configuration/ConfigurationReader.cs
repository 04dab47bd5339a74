using System.Text.Json;
using System.Text.Json.Nodes;
using ContactCentre.Domain.Flows;

namespace ContactCentre.Domain.Configuration;

/// <summary>Thrown for a configuration that cannot serve; the message names the flow, module and field.</summary>
public sealed class ConfigurationException(string message) : Exception(message);

/// <summary>
/// Reads the JSON configuration (see reference/ContactCentre.Host/demo/contact-centre.json) and checks it:
/// every exit leads to a module, every queue, trunk and flow named exists. Flows are read by <see cref="FlowReader"/>.
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
            .Select(ReadQueue)
            .ToDictionary(q => q.Name, StringComparer.Ordinal);

        var trunks = root["trunks"] is null ? [] : Array(root, "trunks", "configuration").Select(ReadTrunk).ToList();
        var warnings = new List<string>();
        var flows = new Dictionary<string, Flow>(StringComparer.Ordinal);
        foreach (var flow in Array(root, "flows", "configuration").Select(f => ReadFlow(f, warnings)))
            if (!flows.TryAdd(flow.Name, flow))
                throw new ConfigurationException($"Flow '{flow.Name}' is defined twice.");
        foreach (var flow in flows.Values)
            Check(flow, queues, trunks.Select(t => t.Name).ToHashSet(StringComparer.Ordinal), flows);

        var numbers = ReadServiceNumbers(root, country, flows);

        var agents = Array(root, "agents", "configuration").Select(a =>
        {
            var id = Text(a, "id", "agent");
            var agentQueues = Strings(a, "queues", $"agent '{id}'");
            foreach (var q in agentQueues.Where(q => !queues.ContainsKey(q)))
                throw new ConfigurationException($"Agent '{id}': field 'queues' names unknown queue '{q}'.");
            var agent = WithRouting(a, new AgentDefinition(id, a?["name"]?.GetValue<string>() ?? id, agentQueues, OptionalText(a, "sipPassword", $"agent '{id}'"))
            {
                DesktopPassword = OptionalText(a, "desktopPassword", $"agent '{id}'"),
            });
            if (agent.DesktopLoginPassword is null)
                warnings.Add($"Agent '{id}' has neither 'desktopPassword' nor 'sipPassword': its desktop cannot log in.");
            return agent;
        }).ToDictionary(a => a.Id, StringComparer.Ordinal);
        warnings.AddRange(UnheldSkills(flows.Values, agents.Values));

        return new ContactCentreConfiguration(country, numbers.Entries.ToDictionary(e => e.Number, e => e.Flow), flows, queues, agents)
        {
            Trunks = trunks, Warnings = warnings, Numbers = numbers, AgentRules = ReadAgentRules(root),
            PhoneBook = ReadPhoneBook(root),
        };
    }

    /// <summary>A queue module's skill that no agent of its queue has: its callers would wait until the queue's time limit.</summary>
    public static IEnumerable<string> UnheldSkills(IEnumerable<Flow> flows, IEnumerable<AgentDefinition> agents)
    {
        var agentList = agents.ToList();
        foreach (var flow in flows)
        foreach (var module in flow.Modules.Values.OfType<QueueModule>())
        foreach (var skill in module.Skills)
            if (!agentList.Any(a => a.Queues.Contains(module.Queue) && a.Skills.GetValueOrDefault(skill) >= 1))
                yield return $"Flow '{flow.Name}', module '{module.Name}': no agent of queue '{module.Queue}' has skill '{skill}', so its callers wait until the queue's limits send them on.";
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

    /// <summary>Reads a flow with <see cref="FlowReader"/>; its errors refuse the configuration, all of them listed.</summary>
    private static Flow ReadFlow(JsonNode? node, List<string> warnings)
    {
        var result = FlowReader.Read(node);
        warnings.AddRange(result.Warnings.Select(w => w.ToString()));
        return result.Flow ?? throw new ConfigurationException(string.Join(Environment.NewLine, result.Errors));
    }

    /// <summary>
    /// What one flow cannot check alone, against a running configuration: the queues, trunks and other flows it names
    /// exist. Used when an administrator saves a flow.
    /// </summary>
    public static IReadOnlyList<FlowProblem> CheckReferences(Flow flow, ContactCentreConfiguration configuration, IReadOnlyCollection<string> flowNames) =>
        References(flow, configuration.Queues, configuration.Trunks.Select(t => t.Name).ToHashSet(StringComparer.Ordinal), flowNames);

    private static void Check(Flow flow, IReadOnlyDictionary<string, QueueDefinition> queues, IReadOnlyCollection<string> trunks, IReadOnlyDictionary<string, Flow> flows)
    {
        var errors = References(flow, queues, trunks, flows.Keys.ToList());
        if (errors.Count > 0)
            throw new ConfigurationException(string.Join(Environment.NewLine, errors));
    }

    private static List<FlowProblem> References(Flow flow, IReadOnlyDictionary<string, QueueDefinition> queues, IReadOnlyCollection<string> trunks, IReadOnlyCollection<string> flows)
    {
        var errors = new List<FlowProblem>();
        foreach (var module in flow.Modules.Values)
        {
            void Problem(string field, string message) => errors.Add(new FlowProblem(flow.Name, module.Name, field, message));
            var (queue, queueField) = module switch
            {
                QueueModule q => (q.Queue, "queue"),
                MessageModule { Then: MessageExit.ToQueue q } => (q.Queue, "queue"),
                _ => (null, ""),
            };
            if (queue is not null && !queues.ContainsKey(queue))
                Problem(queueField, $"names unknown queue '{queue}'");
            var trunk = module switch
            {
                TransferModule t => t.Trunk,
                MessageModule { Then: MessageExit.ToNumber n } => n.Trunk,
                _ => null,
            };
            if (trunk is not null && !trunks.Contains(trunk))
                Problem("trunk", $"names unknown trunk '{trunk}'");
            if (module is GoToModule { Flow: { } other } && !flows.Contains(other))
                Problem("flow", $"names unknown flow '{other}'");
        }
        return errors;
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

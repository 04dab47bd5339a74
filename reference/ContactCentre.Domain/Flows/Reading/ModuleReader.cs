using System.Text.RegularExpressions;
using System.Text.Json.Nodes;

namespace ContactCentre.Domain.Flows;

/// <summary>Reads one module of a flow by its "type"; null when it has errors (they are in the <see cref="FlowJson"/>).</summary>
internal static partial class ModuleReader
{
    private const string Types = "message, menu, input, queue, transfer, hangup, goto, openingHours";

    /// <summary>More options than this are accepted, but callers forget them: 4-6 is the recommendation.</summary>
    private const int RecommendedMostOptions = 6;

    public static FlowModule? Read(FlowJson json, JsonNode node, string name)
    {
        var errorsBefore = json.Errors.Count;
        var type = json.Text(node, name, "type");
        FlowModule? module = type switch
        {
            null => null,
            "message" => Message(json, node, name),
            "menu" => Menu(json, node, name),
            "input" => Input(json, node, name),
            "queue" => Queue(json, node, name),
            "transfer" => json.Text(node, name, "number") is { } number && E164(json, name, "number", number)
                ? new TransferModule(name, number, json.Text(node, name, "trunk", required: false))
                : null,
            "hangup" => new HangUpModule(name),
            "goto" => GoTo(json, node, name),
            "openingHours" => OpeningHoursReader.Read(json, node, name),
            _ => Unknown(json, name, type),
        };
        return json.Errors.Count > errorsBefore ? null : module;
    }

    private static FlowModule? Unknown(FlowJson json, string name, string type)
    {
        json.Error(name, "type", $"unknown module type '{type}' ({Types})");
        return null;
    }

    private static MessageModule? Message(FlowJson json, JsonNode node, string name)
    {
        var prompts = json.Prompts(node, name, "prompts", atLeastOne: true);
        var exits = new[] { "next", "transferTo", "queue", "hangUp" }.Where(f => node[f] is not null).ToList();
        if (exits.Count != 1)
        {
            json.Error(name, exits.Count == 0 ? "next" : string.Join(", ", exits),
                "a message needs exactly one exit: next (a module), transferTo (a phone number), queue, or hangUp");
            return null;
        }
        MessageExit? then = exits[0] switch
        {
            "next" => json.Text(node, name, "next") is { } next ? new MessageExit.ToModule(next) : null,
            "transferTo" => json.Text(node, name, "transferTo") is { } number && E164(json, name, "transferTo", number)
                ? new MessageExit.ToNumber(number, json.Text(node, name, "trunk", required: false))
                : null,
            "queue" => json.Text(node, name, "queue") is { } queue ? new MessageExit.ToQueue(queue, json.Int(node, name, "priority", 0, 0)) : null,
            _ => json.Bool(node, name, "hangUp", false) ? new MessageExit.HangUp() : NotTrue(json, name),
        };
        return then is null ? null : new MessageModule(name, prompts, then);
    }

    private static MessageExit? NotTrue(FlowJson json, string name)
    {
        json.Error(name, "hangUp", "must be true when present");
        return null;
    }

    private static MenuModule? Menu(FlowJson json, JsonNode node, string name)
    {
        var options = new Dictionary<char, string>();
        if (node["options"] is not JsonObject optionNodes)
            json.Error(name, "options", "is missing or not an object of digit to module");
        else
        {
            foreach (var (key, value) in optionNodes)
            {
                if (key.Length != 1 || !"0123456789*#".Contains(key[0], StringComparison.Ordinal))
                    json.Error(name, "options", $"'{key}' is not a keypad key (0-9, *, #)");
                else if (json.Text(optionNodes, name, key, label: $"options.{key}") is { } target)
                    options[key[0]] = target;
            }
            if (optionNodes.Count < 2)
                json.Error(name, "options", $"a menu needs at least 2 options, has {optionNodes.Count}");
            else if (optionNodes.Count > RecommendedMostOptions)
                json.Warning(name, "options", $"{optionNodes.Count} options are hard to remember: 4-6 are recommended");
        }
        var onFailure = json.Text(node, name, "onFailure");
        return new MenuModule(
            name,
            json.Prompts(node, name, "prompts", atLeastOne: true),
            options,
            TimeSpan.FromSeconds(json.Int(node, name, "timeoutSeconds", 5, 1, 60)),
            json.Int(node, name, "retries", 2, 0, 10),
            json.Prompts(node, name, "invalidPrompts", atLeastOne: false),
            onFailure ?? "")
        {
            BargeIn = json.Bool(node, name, "bargeIn", true),
            TimeoutPrompts = json.Prompts(node, name, "timeoutPrompts", atLeastOne: false),
        };
    }

    private static InputModule? Input(FlowJson json, JsonNode node, string name)
    {
        var variable = json.Text(node, name, "variable");
        int? length = node["length"] is null ? null : json.Int(node, name, "length", 1, 1, 32);
        var maxLength = json.Int(node, name, "maxLength", 20, 1, 32);
        var minLength = json.Int(node, name, "minLength", 1, 1, 32);
        if (length is not null && (node["maxLength"] is not null || node["minLength"] is not null))
            json.Error(name, "length", "a fixed length cannot be combined with minLength or maxLength");
        if (length is null && minLength > maxLength)
            json.Error(name, "minLength", $"is more than maxLength ({minLength} > {maxLength})");
        var readBack = ReadBackOf(json, node, name);
        var done = json.Text(node, name, "done");
        var failed = json.Text(node, name, "failed");
        return new InputModule(
            name,
            json.Prompts(node, name, "prompts", atLeastOne: true),
            variable ?? "",
            length,
            maxLength,
            TimeSpan.FromSeconds(json.Int(node, name, "timeoutSeconds", 5, 1, 60)),
            json.Int(node, name, "retries", 2, 0, 10),
            json.Prompts(node, name, "invalidPrompts", atLeastOne: false),
            done ?? "",
            failed ?? "")
        { MinLength = minLength, ReadBack = readBack };
    }

    /// <summary>"readBack": true (default prompts), false (none), or an object naming its prompts.</summary>
    private static ReadBack? ReadBackOf(FlowJson json, JsonNode node, string name)
    {
        var value = node["readBack"];
        if (value is null) return ReadBack.Default;
        if (value is JsonObject o)
            return new ReadBack(
                json.Text(o, name, "youEntered", required: false, label: "readBack.youEntered") is { } y ? y : ReadBack.Default.YouEntered,
                json.Text(o, name, "digitPromptPrefix", required: false, label: "readBack.digitPromptPrefix") is { } d ? d : ReadBack.Default.DigitPromptPrefix,
                json.Text(o, name, "confirmOrReenter", required: false, label: "readBack.confirmOrReenter") is { } c ? c : ReadBack.Default.ConfirmOrReenter);
        return json.Bool(node, name, "readBack", true) ? ReadBack.Default : null;
    }

    private static QueueModule? Queue(FlowJson json, JsonNode node, string name)
    {
        var queue = json.Text(node, name, "queue");
        var callback = CallbackOffer.None;
        if (node["callback"] is JsonObject offer)
            callback = new CallbackOffer(
                json.Bool(offer, name, "offer", false, label: "callback.offer"),
                TimeSpan.FromSeconds(json.Int(offer, name, "afterSeconds", 0, 0, label: "callback.afterSeconds")));
        else if (node["callback"] is not null)
            json.Error(name, "callback", "must be an object: { \"offer\": true, \"afterSeconds\": 60 }");
        return new QueueModule(name, queue ?? "", json.Int(node, name, "priority", 0, 0), json.Prompts(node, name, "prompts", atLeastOne: false))
        {
            Callback = callback,
            Skills = json.Names(node, name, "skills", "[\"swedish\"]"),
            OnFull = json.Text(node, name, "full", required: false),
            OnOverflow = json.Text(node, name, "overflow", required: false),
        };
    }

    private static GoToModule? GoTo(FlowJson json, JsonNode node, string name)
    {
        var module = json.Text(node, name, "module", required: false);
        var flow = json.Text(node, name, "flow", required: false);
        if ((module is null) == (flow is null))
        {
            json.Error(name, "module", "a go-to needs exactly one of module (in this flow) or flow (another flow)");
            return null;
        }
        return new GoToModule(name, module, flow);
    }

    private static bool E164(FlowJson json, string name, string field, string number)
    {
        if (E164Number().IsMatch(number)) return true;
        json.Error(name, field, $"'{number}' is not an E.164 number (+ country code and number, up to 15 digits)");
        return false;
    }

    // ITU-T E.164 §6: a country code not starting with 0, at most 15 digits in all.
    [GeneratedRegex(@"^\+[1-9][0-9]{2,14}$")]
    private static partial Regex E164Number();
}

using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ContactCentre.Domain.Configuration;

namespace ContactCentre.Host.Admin;

/// <summary>
/// Temporary validator until the Domain's FlowReader is merged: wraps the flow into a configuration document with the
/// running configuration's queues and reads it with <see cref="ConfigurationReader"/>, which stops at the first error.
/// </summary>
public sealed partial class ConfigurationFlowValidator(ContactCentreConfiguration configuration) : IFlowValidator
{
    public FlowValidation Validate(string json)
    {
        JsonNode? flow;
        try
        {
            flow = JsonNode.Parse(json);
        }
        catch (JsonException e)
        {
            return Refused(null, new FlowCheck("(unnamed)", null, null, $"The flow is not valid JSON: {e.Message}"));
        }
        if (flow is not JsonObject)
            return Refused(null, new FlowCheck("(unnamed)", null, null, "The flow must be a JSON object."));
        var name = flow["name"] is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;

        var document = new JsonObject
        {
            ["countryCallingCode"] = configuration.CountryCallingCode,
            ["serviceNumbers"] = new JsonArray(),
            ["queues"] = new JsonArray(configuration.Queues.Keys.Select(q => (JsonNode)new JsonObject { ["name"] = q }).ToArray()),
            ["agents"] = new JsonArray(),
            ["flows"] = new JsonArray(flow.DeepClone()),
        };
        try
        {
            var read = ConfigurationReader.Parse(document.ToJsonString());
            return new FlowValidation(name, read.Flows.Values.Single(), [], []);
        }
        catch (ConfigurationException e)
        {
            return Refused(name, Place(name, e.Message));
        }
    }

    private static FlowValidation Refused(string? name, FlowCheck error) => new(name, null, [error], []);

    /// <summary>Recovers flow, module and field from the reader's message ("Flow 'X', module 'Y': field 'Z' …").</summary>
    private static FlowCheck Place(string? name, string message)
    {
        var match = Where().Match(message);
        var flow = match.Groups["flow"].Success ? match.Groups["flow"].Value : name ?? "(unnamed)";
        string? module = match.Groups["module"].Success ? match.Groups["module"].Value : null;
        string? field = match.Groups["field"].Success ? match.Groups["field"].Value
            : match.Groups["option"].Success ? $"options.{match.Groups["option"].Value}"
            : null;
        return new FlowCheck(flow, module, field, message);
    }

    [GeneratedRegex(@"^Flow(?: '(?<flow>[^']*)')?(?:, module '(?<module>[^']*)')?(?:, a module)?: (?:field '(?<field>[^']*)'|option '(?<option>[^']*)')?")]
    private static partial Regex Where();
}

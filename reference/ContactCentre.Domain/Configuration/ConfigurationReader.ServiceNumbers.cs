using System.Text.Json.Nodes;
using ContactCentre.Domain.Flows;
using ContactCentre.Domain.ServiceNumbers;

namespace ContactCentre.Domain.Configuration;

/// <summary>
/// The "serviceNumbers" section: each number with its flow and "aliases". National forms are read in the
/// region named by "region" ("FI"), or else the main region of "countryCallingCode" (358 → FI).
/// </summary>
public static partial class ConfigurationReader
{
    private static ServiceNumberDirectory ReadServiceNumbers(JsonNode root, string country, IReadOnlyDictionary<string, Flow> flows)
    {
        var region = ReadRegion(root, country);
        var entries = new List<ServiceNumberEntry>();
        foreach (var n in Array(root, "serviceNumbers", "configuration"))
        {
            var text = Text(n, "number", "service number");
            var where = $"Service number '{text}'";
            var number = ParseNumber(text, region, where, "number");
            var flow = Text(n, "flow", where);
            if (!flows.ContainsKey(flow))
                throw new ConfigurationException($"{where}: field 'flow' names unknown flow '{flow}'.");
            var aliases = Strings(n, "aliases", where, required: false).Select(a => ParseNumber(a, region, where, "aliases")).ToList();
            entries.Add(new ServiceNumberEntry(number, flow, aliases));
        }
        return new ServiceNumberDirectory(entries, region);
    }

    private static ServiceNumber ParseNumber(string text, string region, string where, string field) =>
        ServiceNumber.TryParse(text, region, out var number)
            ? number!
            : throw new ConfigurationException(field == "number"
                ? $"{where}: field 'number' is not a valid phone number in region {region}."
                : $"{where}: field '{field}' has '{text}', which is not a valid phone number in region {region}.");

    private static string ReadRegion(JsonNode root, string country)
    {
        var derived = ServiceNumber.RegionOf(country)
            ?? throw new ConfigurationException($"Configuration: field 'countryCallingCode' is '{country}', which is no country's calling code.");
        if (root["region"] is null)
            return derived;
        var region = Text(root, "region", "configuration");
        if (!ServiceNumber.IsRegion(region))
            throw new ConfigurationException($"Configuration: field 'region' is '{region}', which is not a region code such as \"FI\".");
        if (ServiceNumber.CallingCodeOf(region) != country.TrimStart('+'))
            throw new ConfigurationException($"Configuration: field 'region' is '{region}', whose calling code is {ServiceNumber.CallingCodeOf(region)}, not {country} ('countryCallingCode').");
        return region;
    }
}

using System.Text.Json.Nodes;
using NodaTime;
using NodaTime.Text;

namespace ContactCentre.Domain.Flows;

/// <summary>
/// Reads an opening-hours module: "timeZone" (IANA id), "weekly" { "monday": ["08:00-16:00"], ... }, "specialDays"
/// [ { "date": "2025-12-24", "hours": ["09:00-12:00"] }, { "date": "2025-12-25", "closed": true } ], "emergencyClosed",
/// and exits "open", "closed", "closedSpecial" (defaults to "closed").
/// </summary>
internal static class OpeningHoursReader
{
    private static readonly LocalTimePattern Time = LocalTimePattern.CreateWithInvariantCulture("HH:mm");
    private static readonly LocalDatePattern Date = LocalDatePattern.Iso;

    public static OpeningHoursModule? Read(FlowJson json, JsonNode node, string name)
    {
        DateTimeZone? zone = null;
        if (json.Text(node, name, "timeZone") is { } zoneId)
        {
            zone = DateTimeZoneProviders.Tzdb.GetZoneOrNull(zoneId);
            if (zone is null)
                json.Error(name, "timeZone", $"'{zoneId}' is not an IANA time zone (e.g. Europe/Helsinki)");
        }

        var weekly = new Dictionary<IsoDayOfWeek, IReadOnlyList<OpenRange>>();
        if (node["weekly"] is JsonObject days)
        {
            foreach (var (day, hours) in days)
            {
                if (!Enum.TryParse<IsoDayOfWeek>(day, ignoreCase: true, out var weekday) || weekday == IsoDayOfWeek.None || int.TryParse(day, out _))
                    json.Error(name, $"weekly.{day}", "is not a weekday (monday ... sunday)");
                else
                    weekly[weekday] = Ranges(json, name, $"weekly.{day}", hours);
            }
        }
        else
            json.Error(name, "weekly", "is missing or not an object of weekday to hours, e.g. { \"monday\": [\"08:00-16:00\"] }");
        if (weekly.Values.All(r => r.Count == 0))
            json.Warning(name, "weekly", "no weekly hours: the module is open only on special days");

        var special = new Dictionary<LocalDate, IReadOnlyList<OpenRange>>();
        if (node["specialDays"] is JsonArray specialDays)
        {
            foreach (var specialDay in specialDays)
            {
                if (json.Text(specialDay, name, "date", label: "specialDays.date") is not { } text) continue;
                var parsed = Date.Parse(text);
                if (!parsed.Success)
                    json.Error(name, "specialDays.date", $"'{text}' is not a date (yyyy-MM-dd)");
                else if (special.ContainsKey(parsed.Value))
                    json.Error(name, "specialDays.date", $"{text} is listed twice");
                else
                    special[parsed.Value] = json.Bool(specialDay, name, "closed", false, label: "specialDays.closed")
                        ? []
                        : Ranges(json, name, $"specialDays.{text}.hours", specialDay?["hours"] ?? new JsonArray());
            }
        }
        else if (node["specialDays"] is not null)
            json.Error(name, "specialDays", "must be a list of { \"date\": \"yyyy-MM-dd\", \"hours\": [...] } or { \"date\": ..., \"closed\": true }");

        var open = json.Text(node, name, "open");
        var closed = json.Text(node, name, "closed");
        var closedSpecial = json.Text(node, name, "closedSpecial", required: false) ?? closed;
        if (zone is null || open is null || closed is null)
            return null;
        return new OpeningHoursModule(name, new OpeningHours(zone, weekly, special, json.Bool(node, name, "emergencyClosed", false)), open, closed, closedSpecial!);
    }

    /// <summary>Ranges "HH:mm-HH:mm", several a day; "24:00" closes at midnight. A range may not cross midnight.</summary>
    private static List<OpenRange> Ranges(FlowJson json, string module, string field, JsonNode? hours)
    {
        var ranges = new List<OpenRange>();
        if (hours is not JsonArray list)
        {
            json.Error(module, field, "must be a list of \"HH:mm-HH:mm\" ranges");
            return ranges;
        }
        foreach (var item in list)
        {
            var text = item?.GetValueKind() == System.Text.Json.JsonValueKind.String ? item.GetValue<string>() : "";
            var parts = text.Split('-');
            var opens = parts.Length == 2 ? Time.Parse(parts[0].Trim()) : null;
            var closesText = parts.Length == 2 ? parts[1].Trim() : "";
            var closes = closesText == "24:00" ? null : Time.Parse(closesText);
            if (opens is null || !opens.Success || (closes is not null && !closes.Success))
                json.Error(module, field, $"'{text}' is not a range HH:mm-HH:mm");
            else if (closes is not null && closes.Value <= opens.Value)
                json.Error(module, field, $"'{text}' closes before it opens (a range cannot cross midnight: split it at 24:00)");
            else
                ranges.Add(new OpenRange(opens.Value, closes?.Value));
        }
        return ranges;
    }
}

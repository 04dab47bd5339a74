using System.Text.Json.Nodes;
using ContactCentre.Features.Drivers;
using NodaTime;
using NodaTime.Text;
using Reqnroll;

namespace ContactCentre.Features.CallFlows;

/// <summary>
/// Opening hours said the way an administrator says them. The steps build the support line's flow: its hours lead
/// open calls to the support queue, closed ones to the "closed" message, and holidays or an emergency closing to
/// the "closed-today" message.
/// </summary>
[Binding, Scope(Tag = "callflow")]
public sealed class OpeningHoursSteps(FlowDriver flow)
{
    private static readonly string[] Weekdays = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];
    private static readonly LocalDateTimePattern LocalTime = LocalDateTimePattern.CreateWithInvariantCulture("uuuu-MM-dd HH:mm");
    private static readonly InstantPattern UtcTime = InstantPattern.CreateWithInvariantCulture("uuuu-MM-dd HH:mm");

    private readonly JsonObject _hours = new()
    {
        ["type"] = "openingHours", ["name"] = "hours", ["weekly"] = new JsonObject(), ["specialDays"] = new JsonArray(),
        ["open"] = "support", ["closed"] = "closed", ["closedSpecial"] = "closed-today",
    };

    [Given("the support line is open {word} to {word} {word} in {word}")]
    public void GivenOpenOnWeekdays(string firstDay, string lastDay, string hours, string zone)
    {
        var first = Array.IndexOf(Weekdays, firstDay.ToLowerInvariant());
        var last = Array.IndexOf(Weekdays, lastDay.ToLowerInvariant());
        Assert.True(first >= 0 && last >= first, $"'{firstDay} to {lastDay}' is not a run of weekdays.");
        foreach (var day in Weekdays[first..(last + 1)])
            _hours["weekly"]![day] = new JsonArray(hours);
        _hours["timeZone"] = zone;
    }

    [Given("on {word} the support line is closed")]
    public void GivenClosedOn(string date) =>
        _hours["specialDays"]!.AsArray().Add(new JsonObject { ["date"] = date, ["closed"] = true });

    [Given("on {word} the support line is open {word} only")]
    public void GivenSpecialHours(string date, string hours) =>
        _hours["specialDays"]!.AsArray().Add(new JsonObject { ["date"] = date, ["hours"] = new JsonArray(hours) });

    [Given("the support line is closed for an emergency")]
    public void GivenEmergencyClosed() => _hours["emergencyClosed"] = true;

    [When("a caller calls on {word} {word} at {word}")]
    public void WhenACallerCallsOn(string weekday, string date, string time)
    {
        var local = LocalTime.Parse($"{date} {time}").GetValueOrThrow();
        Assert.Equal(weekday, local.DayOfWeek.ToString());
        var zone = DateTimeZoneProviders.Tzdb[_hours["timeZone"]!.GetValue<string>()];
        Call(local.InZoneStrictly(zone).ToInstant());
    }

    [When("a caller calls at {word} {word} UTC")]
    public void WhenACallerCallsAtUtc(string date, string time) => Call(UtcTime.Parse($"{date} {time}").GetValueOrThrow());

    private void Call(Instant now)
    {
        flow.UseFlow(new JsonObject
        {
            ["name"] = "Support line",
            ["start"] = "hours",
            ["modules"] = new JsonArray(
                _hours.DeepClone(),
                new JsonObject { ["type"] = "queue", ["name"] = "support", ["queue"] = "support", ["prompts"] = new JsonArray("queue-support") },
                new JsonObject { ["type"] = "message", ["name"] = "closed", ["prompts"] = new JsonArray("closed"), ["hangUp"] = true },
                new JsonObject { ["type"] = "message", ["name"] = "closed-today", ["prompts"] = new JsonArray("closed-today"), ["hangUp"] = true }),
        }.ToJsonString());
        flow.SetClock(now);
        flow.Call();
    }
}

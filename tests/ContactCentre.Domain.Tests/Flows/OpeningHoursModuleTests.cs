using ContactCentre.Domain.Flows;
using NodaTime;
using static ContactCentre.Domain.Tests.Flows.TestFlows;

namespace ContactCentre.Domain.Tests.Flows;

[Trait("Category", "Unit")]
public sealed class OpeningHoursModuleTests
{
    private static FlowInterpreter Hours(string extra = "") => Interpreter(
        "{ 'type': 'openingHours', 'name': 'hours', 'timeZone': 'Europe/Helsinki', " +
        "  'weekly': { 'monday': ['08:00-12:00', '13:00-16:00'], 'friday': ['08:00-16:00'], 'sunday': ['03:00-03:30', '04:00-24:00'] }, " +
        "  'specialDays': [ { 'date': '2025-12-24', 'hours': ['09:00-12:00'] }, { 'date': '2025-12-26', 'closed': true } ], " +
        "  'open': 'open', 'closed': 'closed', 'closedSpecial': 'holiday'" + extra + " }",
        "{ 'type': 'message', 'name': 'open', 'prompts': ['welcome'], 'hangUp': true }",
        "{ 'type': 'message', 'name': 'closed', 'prompts': ['closed'], 'hangUp': true }",
        "{ 'type': 'message', 'name': 'holiday', 'prompts': ['holiday'], 'hangUp': true }");

    private static string At(Instant now, string extra = "") => Hours(extra).Start(now).Position.Module;

    [Theory]
    [InlineData(2025, 1, 13, 6, 0, "open")]     // Monday 08:00 EET: opens
    [InlineData(2025, 1, 13, 5, 59, "closed")]  // Monday 07:59 EET
    [InlineData(2025, 1, 13, 10, 30, "closed")] // Monday 12:30 EET: lunch between two ranges
    [InlineData(2025, 1, 13, 11, 0, "open")]    // Monday 13:00 EET
    [InlineData(2025, 1, 13, 14, 0, "closed")]  // Monday 16:00 EET: the end is not included
    [InlineData(2025, 1, 14, 9, 0, "closed")]   // a Tuesday has no hours
    public void Weekly_hours_have_several_ranges_a_day(int y, int mo, int d, int h, int mi, string module) =>
        Assert.Equal(module, At(Instant.FromUtc(y, mo, d, h, mi)));

    [Fact]
    public void The_same_utc_instant_is_open_in_summer_time_and_closed_in_winter_time()
    {
        // 05:30 UTC is 07:30 EET on the Friday before the change and 08:30 EEST on the Friday after.
        Assert.Equal("closed", At(Instant.FromUtc(2025, 3, 28, 5, 30)));
        Assert.Equal("open", At(Instant.FromUtc(2025, 4, 4, 5, 30)));
    }

    [Fact]
    public void Around_the_spring_change_the_clock_jumps_from_03_00_to_04_00()
    {
        // Sunday 30 March 2025: 00:59 UTC is 02:59 EET; 01:00 UTC is 04:00 EEST, so 03:00-03:30 never happens.
        Assert.Equal("closed", At(Instant.FromUtc(2025, 3, 30, 0, 59)));
        Assert.Equal("open", At(Instant.FromUtc(2025, 3, 30, 1, 0)));
        Assert.Equal("open", At(Instant.FromUtc(2025, 3, 30, 20, 59)));  // 23:59 EEST
        Assert.Equal("closed", At(Instant.FromUtc(2025, 3, 30, 21, 0))); // Monday 00:00 EEST
    }

    [Fact]
    public void Around_the_autumn_change_the_hour_from_03_00_to_04_00_happens_twice()
    {
        // Sunday 26 October 2025: 04:00 EEST (01:00 UTC) becomes 03:00 EET; 03:15 local time comes twice.
        Assert.Equal("open", At(Instant.FromUtc(2025, 10, 26, 0, 15)));   // 03:15 EEST
        Assert.Equal("closed", At(Instant.FromUtc(2025, 10, 26, 0, 45))); // 03:45 EEST
        Assert.Equal("open", At(Instant.FromUtc(2025, 10, 26, 1, 15)));   // 03:15 EET, the second time
        Assert.Equal("closed", At(Instant.FromUtc(2025, 10, 26, 1, 45))); // 03:45 EET
        Assert.Equal("open", At(Instant.FromUtc(2025, 10, 26, 2, 0)));    // 04:00 EET
    }

    [Fact]
    public void A_special_day_changes_the_hours_and_is_closed_special_outside_them()
    {
        // Wednesday 24 December 2025 (no weekly hours on Wednesdays) opens 09:00-12:00 EET.
        Assert.Equal("open", At(Instant.FromUtc(2025, 12, 24, 8, 0)));
        Assert.Equal("holiday", At(Instant.FromUtc(2025, 12, 24, 10, 0)));
    }

    [Fact]
    public void A_closed_special_day_overrides_the_weekly_hours()
    {
        // Friday 26 December 2025 10:00 EET would be open by the weekly hours.
        Assert.Equal("holiday", At(Instant.FromUtc(2025, 12, 26, 8, 0)));
        Assert.Equal("open", At(Instant.FromUtc(2026, 1, 2, 8, 0)));
    }

    [Fact]
    public void The_emergency_switch_closes_even_in_opening_hours() =>
        Assert.Equal("holiday", At(Instant.FromUtc(2025, 1, 13, 9, 0), ", 'emergencyClosed': true"));

    [Fact]
    public void Without_a_closed_special_exit_special_closures_take_the_closed_exit()
    {
        var flow = Interpreter(
            "{ 'type': 'openingHours', 'name': 'hours', 'timeZone': 'Europe/Helsinki', 'weekly': { 'monday': ['08:00-16:00'] }, " +
            "  'emergencyClosed': true, 'open': 'bye', 'closed': 'closed' }",
            "{ 'type': 'message', 'name': 'closed', 'prompts': ['closed'], 'next': 'bye' }",
            "{ 'type': 'hangup', 'name': 'bye' }");
        Assert.Equal(["closed"], Prompts(flow.Start(Now)));
    }
}

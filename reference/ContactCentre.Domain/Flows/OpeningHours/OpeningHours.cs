using NodaTime;

namespace ContactCentre.Domain.Flows;

/// <summary>
/// When the contact centre answers, in local time of <see cref="Zone"/>: weekly hours, special days (a public
/// holiday closed, or its hours changed) and an emergency-closed switch. Instants are turned into the zone's local
/// time, so the hours follow daylight saving time changes.
/// </summary>
public sealed record OpeningHours(
    DateTimeZone Zone,
    IReadOnlyDictionary<IsoDayOfWeek, IReadOnlyList<OpenRange>> Weekly,
    IReadOnlyDictionary<LocalDate, IReadOnlyList<OpenRange>> SpecialDays,
    bool EmergencyClosed)
{
    public OpeningState StateAt(Instant now)
    {
        if (EmergencyClosed)
            return OpeningState.ClosedSpecial;
        var local = now.InZone(Zone).LocalDateTime;
        if (SpecialDays.TryGetValue(local.Date, out var special))
            return special.Any(r => r.Contains(local.TimeOfDay)) ? OpeningState.Open : OpeningState.ClosedSpecial;
        return Weekly.TryGetValue(local.DayOfWeek, out var ranges) && ranges.Any(r => r.Contains(local.TimeOfDay))
            ? OpeningState.Open
            : OpeningState.Closed;
    }
}

/// <summary>Open from <see cref="Opens"/> up to (not including) <see cref="Closes"/>; Closes null means until midnight ("24:00").</summary>
public sealed record OpenRange(LocalTime Opens, LocalTime? Closes)
{
    public bool Contains(LocalTime time) => time >= Opens && (Closes is null || time < Closes.Value);

    public override string ToString() => $"{Opens:HH:mm}-{(Closes is null ? "24:00" : Closes.Value.ToString("HH:mm", null))}";
}

/// <summary>Open; closed by the weekly hours; closed by a special day or the emergency switch.</summary>
public enum OpeningState
{
    Open,
    Closed,
    ClosedSpecial,
}

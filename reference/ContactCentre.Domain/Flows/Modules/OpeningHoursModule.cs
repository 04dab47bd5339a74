namespace ContactCentre.Domain.Flows;

/// <summary>Time module: leads to <see cref="Open"/>, <see cref="Closed"/> or <see cref="ClosedSpecial"/> by the hours at the moment the call reaches it.</summary>
public sealed record OpeningHoursModule(string Name, OpeningHours Hours, string Open, string Closed, string ClosedSpecial) : FlowModule(Name)
{
    public string ExitFor(OpeningState state) => state switch
    {
        OpeningState.Open => Open,
        OpeningState.Closed => Closed,
        _ => ClosedSpecial,
    };

    public override IEnumerable<(string Field, string Module)> Exits => [("open", Open), ("closed", Closed), ("closedSpecial", ClosedSpecial)];
}

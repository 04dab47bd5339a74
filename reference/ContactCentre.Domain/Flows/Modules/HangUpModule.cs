namespace ContactCentre.Domain.Flows;

/// <summary>Ends the call.</summary>
public sealed record HangUpModule(string Name) : FlowModule(Name)
{
    public override IEnumerable<(string Field, string Module)> Exits => [];
}

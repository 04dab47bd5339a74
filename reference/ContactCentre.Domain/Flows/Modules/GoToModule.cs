namespace ContactCentre.Domain.Flows;

/// <summary>Goes on to another module of this flow, or to the start of another flow (exactly one of the two is set).</summary>
public sealed record GoToModule(string Name, string? Module, string? Flow) : FlowModule(Name)
{
    public override IEnumerable<(string Field, string Module)> Exits => Module is null ? [] : [("module", Module)];
}

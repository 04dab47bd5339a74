namespace ContactCentre.Domain.Flows;

/// <summary>Transfers the caller out through a trunk to an E.164 number (+358401234567).</summary>
public sealed record TransferModule(string Name, string Number, string? Trunk) : FlowModule(Name)
{
    public override IEnumerable<(string Field, string Module)> Exits => [];
}

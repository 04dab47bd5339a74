namespace ContactCentre.Host.Admin;

/// <summary>What became of an administrator's save or restore.</summary>
public abstract record FlowChange
{
    private FlowChange() { }

    /// <summary>Saved as a new version, which new calls now hear.</summary>
    public sealed record Saved(FlowVersion Version, IReadOnlyList<FlowCheck> Warnings) : FlowChange;

    /// <summary>The flow has errors; nothing was saved and the previous version keeps serving.</summary>
    public sealed record Refused(FlowValidation Validation) : FlowChange;

    /// <summary>The JSON names a different flow than the one being changed.</summary>
    public sealed record NameMismatch(string? NameInBody) : FlowChange;

    /// <summary>No such flow, or no such version of it.</summary>
    public sealed record NotFound(string What) : FlowChange;
}

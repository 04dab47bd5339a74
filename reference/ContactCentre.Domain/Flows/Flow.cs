namespace ContactCentre.Domain.Flows;

/// <summary>A call flow: named modules, each with named exits, starting at <see cref="Start"/>.</summary>
public sealed record Flow(string Name, string Start, IReadOnlyDictionary<string, FlowModule> Modules)
{
    public FlowModule Module(string name) =>
        Modules.TryGetValue(name, out var module)
            ? module
            : throw new InvalidOperationException($"Flow '{Name}' has no module '{name}'.");

    /// <summary>Every prompt name the flow can play, so the audio library refuses to delete one in use.</summary>
    public IReadOnlySet<string> AudioFiles =>
        Modules.Values.SelectMany(m => m.AudioFiles).ToHashSet(StringComparer.Ordinal);

    /// <summary>The other flows this flow's go-to modules lead to (checked where all flows are known).</summary>
    public IReadOnlySet<string> FlowsLeadingOut =>
        Modules.Values.OfType<GoToModule>().Select(g => g.Flow).OfType<string>().ToHashSet(StringComparer.Ordinal);
}

/// <summary>A step of a flow. Its exits name other modules of the same flow.</summary>
public abstract record FlowModule(string Name)
{
    /// <summary>The module's exits as (field, module): the field is the JSON field that names the module.</summary>
    public abstract IEnumerable<(string Field, string Module)> Exits { get; }

    /// <summary>The prompt names this module can play.</summary>
    public virtual IEnumerable<string> AudioFiles => [];
}

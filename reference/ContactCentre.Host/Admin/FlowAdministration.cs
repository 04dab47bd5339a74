using System.Text.Json;
using System.Text.Json.Nodes;
using ContactCentre.Host.Hosting;

namespace ContactCentre.Host.Admin;

/// <summary>
/// Changes to flows: every save is checked first, kept as a new version, and then served to new calls. The
/// configuration file only seeds the store; after that the latest stored version of each flow is what callers hear.
/// </summary>
public sealed class FlowAdministration
{
    /// <summary>Who a flow's first version is credited to when it comes from the configuration file.</summary>
    public const string ConfigurationFile = "configuration";

    private readonly Lock _saving = new();
    private readonly TimeProvider _time;

    private FlowAdministration(SqliteFlowStore store, IFlowValidator validator, TimeProvider time)
    {
        Store = store;
        Validator = validator;
        _time = time;
    }

    public SqliteFlowStore Store { get; }
    public IFlowValidator Validator { get; }
    public CurrentFlows Flows { get; } = new();

    /// <summary>
    /// Seeds the store with the configuration file's flows it does not hold yet (version 1), then serves the latest
    /// stored version of every flow. A stored version that no longer passes the checks stops the start, named.
    /// </summary>
    public static FlowAdministration Open(SqliteFlowStore store, IFlowValidator validator, string configurationJson, TimeProvider time)
    {
        var administration = new FlowAdministration(store, validator, time);
        foreach (var (name, json) in FlowsIn(configurationJson))
        {
            if (store.Current(name) is null)
                store.Add(name, json, ConfigurationFile, time.GetUtcNow(), "From the configuration file");
        }
        foreach (var current in store.Current())
        {
            var validation = validator.Validate(current.Json);
            if (!validation.IsValid)
            {
                throw new StartupException($"Flow '{current.Flow}' version {current.Version} in the data folder no longer passes its checks: "
                    + string.Join(" ", validation.Errors.Select(e => e.Message)));
            }
            administration.Flows.Serve(validation.Flow!);
        }
        return administration;
    }

    /// <summary>Saves <paramref name="json"/> as the next version of <paramref name="flow"/> (a new flow starts at 1).</summary>
    public FlowChange Save(string flow, string json, string changedBy, string? comment)
    {
        var validation = Validator.Validate(json);
        if (validation.FlowName is { } named && named != flow)
            return new FlowChange.NameMismatch(named);
        if (!validation.IsValid)
            return new FlowChange.Refused(validation);
        lock (_saving)
        {
            // Under the lock, so the version served is always the newest one stored.
            var version = Store.Add(flow, json, changedBy, _time.GetUtcNow(), comment);
            Flows.Serve(validation.Flow!);
            return new FlowChange.Saved(version, validation.Warnings);
        }
    }

    /// <summary>Saves a copy of an old version as the newest, so the history is never rewritten.</summary>
    public FlowChange Restore(string flow, int version, string changedBy, string? comment)
    {
        if (Store.Current(flow) is null)
            return new FlowChange.NotFound($"There is no flow '{flow}'.");
        if (Store.Version(flow, version) is not { } old)
            return new FlowChange.NotFound($"Flow '{flow}' has no version {version}.");
        return Save(flow, old.Json, changedBy, comment ?? $"Restored version {version}");
    }

    /// <summary>Each flow of the configuration file as its own JSON text, by name.</summary>
    private static IEnumerable<(string Name, string Json)> FlowsIn(string configurationJson)
    {
        // The file has already been read and checked by ConfigurationReader, so its shape is known good here.
        var flows = JsonNode.Parse(configurationJson)?["flows"]?.AsArray() ?? [];
        var indented = new JsonSerializerOptions { WriteIndented = true };
        foreach (var flow in flows)
        {
            if (flow?["name"]?.GetValue<string>() is { } name)
                yield return (name, flow.ToJsonString(indented));
        }
    }
}

using ContactCentre.Domain.Configuration;
using ContactCentre.Domain.Flows;

namespace ContactCentre.Host.Admin;

/// <summary>
/// Checks a flow saved by an administrator with the Domain's <see cref="FlowReader"/> (every error and warning, placed
/// by module and field), then against the running configuration: the queues, trunks and other flows it names.
/// </summary>
public sealed class FlowReaderValidator(ContactCentreConfiguration configuration, Func<IReadOnlyCollection<string>> flowNames) : IFlowValidator
{
    public FlowValidation Validate(string json)
    {
        var read = FlowReader.Read(json);
        var name = read.Flow?.Name ?? read.Errors.FirstOrDefault()?.Flow;
        var warnings = read.Warnings.Select(ToCheck).ToList();
        if (read.Flow is not { } flow)
            return new FlowValidation(name, null, read.Errors.Select(ToCheck).ToList(), warnings);

        // A flow may go to itself or to one saved earlier; the set of names is the store's, plus this one.
        var known = flowNames().Append(flow.Name).ToHashSet(StringComparer.Ordinal);
        var references = ConfigurationReader.CheckReferences(flow, configuration, known);
        return references.Count > 0
            ? new FlowValidation(flow.Name, null, references.Select(ToCheck).ToList(), warnings)
            : new FlowValidation(flow.Name, flow, [], warnings);
    }

    private static FlowCheck ToCheck(FlowProblem problem) => new(problem.Flow, problem.Module, problem.Field, problem.Message);
}

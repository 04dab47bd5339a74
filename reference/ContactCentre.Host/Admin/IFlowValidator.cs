using ContactCentre.Domain.Flows;

namespace ContactCentre.Host.Admin;

/// <summary>
/// Checks one flow's JSON before it is saved or served (<see cref="FlowReaderValidator"/>).
/// </summary>
public interface IFlowValidator
{
    FlowValidation Validate(string json);
}

/// <summary>
/// The outcome of checking a flow: its name (null when the JSON names none), the flow ready to serve when there are no
/// errors, and every error and warning found.
/// </summary>
public sealed record FlowValidation(string? FlowName, Flow? Flow, IReadOnlyList<FlowCheck> Errors, IReadOnlyList<FlowCheck> Warnings)
{
    public bool IsValid => Flow is not null && Errors.Count == 0;
}

/// <summary>One thing wrong with a flow, placed by flow, module and field so the administrator can find it.</summary>
public sealed record FlowCheck(string Flow, string? Module, string? Field, string Message);

namespace ContactCentre.Domain.Flows;

/// <summary>Something wrong (or unwise) in a flow, naming where: the flow, and when known the module and field.</summary>
public sealed record FlowProblem(string Flow, string? Module, string? Field, string Message)
{
    /// <summary>E.g. "flow 'Demo', module 'menu', field 'options': a menu needs at least 2 options".</summary>
    public override string ToString() =>
        $"flow '{Flow}'{(Module is null ? "" : $", module '{Module}'")}{(Field is null ? "" : $", field '{Field}'")}: {Message}";
}

/// <summary>
/// A flow read from JSON: <see cref="Flow"/> is null whenever there are <see cref="Errors"/> (an invalid flow is refused
/// as a whole); <see cref="Warnings"/> do not stop it serving.
/// </summary>
public sealed record FlowReadResult(Flow? Flow, IReadOnlyList<FlowProblem> Errors, IReadOnlyList<FlowProblem> Warnings);

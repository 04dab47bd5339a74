namespace ContactCentre.Domain.Flows;

/// <summary>A call flow: named modules, each with named exits, starting at <see cref="Start"/>.</summary>
public sealed record Flow(string Name, string Start, IReadOnlyDictionary<string, FlowModule> Modules)
{
    public FlowModule Module(string name) =>
        Modules.TryGetValue(name, out var module)
            ? module
            : throw new InvalidOperationException($"Flow '{Name}' has no module '{name}'.");
}

/// <summary>A step of a flow. Exits name other modules of the same flow.</summary>
public abstract record FlowModule(string Name);

/// <summary>Info message: plays its prompts, then continues to <see cref="Next"/>.</summary>
public sealed record MessageModule(string Name, IReadOnlyList<string> Prompts, string Next) : FlowModule(Name);

/// <summary>Menu: plays its prompt (a digit interrupts it), then waits for one digit.</summary>
public sealed record MenuModule(
    string Name,
    IReadOnlyList<string> Prompts,
    IReadOnlyDictionary<char, string> Options,
    TimeSpan Timeout,
    int Retries,
    IReadOnlyList<string> InvalidPrompts,
    string OnFailure) : FlowModule(Name);

/// <summary>Puts the caller into a queue, playing the queue's announcement first.</summary>
public sealed record QueueModule(string Name, string Queue, int Priority, IReadOnlyList<string> Prompts) : FlowModule(Name);

/// <summary>Ends the call.</summary>
public sealed record HangUpModule(string Name) : FlowModule(Name);

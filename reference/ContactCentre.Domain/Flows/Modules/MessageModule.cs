namespace ContactCentre.Domain.Flows;

/// <summary>Info message: plays one or more prompts, then takes its exit.</summary>
public sealed record MessageModule(string Name, IReadOnlyList<string> Prompts, MessageExit Then) : FlowModule(Name)
{
    /// <summary>A message that continues to another module of the flow.</summary>
    public MessageModule(string name, IReadOnlyList<string> prompts, string next) : this(name, prompts, new MessageExit.ToModule(next)) { }

    public override IEnumerable<(string Field, string Module)> Exits =>
        Then is MessageExit.ToModule m ? [("next", m.Module)] : [];

    public override IEnumerable<string> AudioFiles => Prompts;
}

/// <summary>Where a call goes once an info message has played.</summary>
public abstract record MessageExit
{
    private MessageExit() { }

    public sealed record ToModule(string Module) : MessageExit;

    /// <summary>Out through a trunk to an E.164 number; <paramref name="Trunk"/> null for the default trunk.</summary>
    public sealed record ToNumber(string Number, string? Trunk) : MessageExit;

    public sealed record ToQueue(string Queue, int Priority) : MessageExit;

    public sealed record HangUp : MessageExit;
}

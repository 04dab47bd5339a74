namespace ContactCentre.Features.Bridge;

/// <summary>A scenario that has an undefined step or a step that declared itself pending.</summary>
public sealed class ScenarioPendingException : Exception
{
    public ScenarioPendingException()
        : this("Pending.")
    {
    }

    public ScenarioPendingException(string message)
        : base(message)
    {
    }

    public ScenarioPendingException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

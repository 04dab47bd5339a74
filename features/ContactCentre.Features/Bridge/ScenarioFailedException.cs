namespace ContactCentre.Features.Bridge;

/// <summary>A scenario whose step or hook threw; the message names the step, the inner exception is the cause.</summary>
public sealed class ScenarioFailedException : Exception
{
    public ScenarioFailedException()
    {
    }

    public ScenarioFailedException(string message)
        : base(message)
    {
    }

    public ScenarioFailedException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}

namespace ContactCentre.Host.Hosting;

/// <summary>The contact centre cannot start; the message names the port, path or setting at fault.</summary>
public sealed class StartupException(string message, Exception? inner = null) : Exception(message, inner);

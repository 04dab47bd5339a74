namespace ContactCentre.Interop.Tests.Peers;

/// <summary>Finds a peer's executable on PATH, or fails the test saying how to install it.</summary>
public static class PeerBinary
{
    public static string Require(string executable, string debianPackage)
    {
        var path = Find(executable);
        return path ?? throw new PeerNotInstalledException(
            $"{executable} (Debian package {debianPackage}) is not installed or not on PATH. " +
            "Run ./test.sh from the repository root: it installs the interop peers, then runs the tests.");
    }

    public static string? Find(string executable)
    {
        if (executable.Contains('/'))
        {
            return File.Exists(executable) ? executable : null;
        }

        var searchPath = Environment.GetEnvironmentVariable("PATH") ?? "";
        foreach (var directory in searchPath.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(directory, executable);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}

public sealed class PeerNotInstalledException(string message) : Exception(message);

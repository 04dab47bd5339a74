namespace ContactCentre.Sip.Fuzz;

/// <summary>Where the RFC 4475 torture messages are: beside the binary (test runs) or in the source tree (console runs).</summary>
public static class TortureCorpus
{
    private const string InTree = "tests/ContactCentre.Sip.Tests/Torture/Data";

    public static string FindDirectory()
    {
        var beside = Path.Combine(AppContext.BaseDirectory, "Torture", "Data");
        if (Directory.Exists(beside))
        {
            return beside;
        }
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, InTree);
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }
        throw new DirectoryNotFoundException($"No {InTree} above {AppContext.BaseDirectory}");
    }

    public static IReadOnlyList<byte[]> Load() =>
        Directory.GetFiles(FindDirectory(), "*.dat").Order(StringComparer.Ordinal).Select(File.ReadAllBytes).ToList();
}

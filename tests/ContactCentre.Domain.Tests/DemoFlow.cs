using ContactCentre.Domain.Configuration;

namespace ContactCentre.Domain.Tests;

/// <summary>The demo configuration shipped with the host, read the way the host reads it.</summary>
internal static class DemoFlow
{
    public static string Json => File.ReadAllText(Path.Combine(RepoRoot(), "reference", "ContactCentre.Host", "demo", "contact-centre.json"));

    public static ContactCentreConfiguration Configuration => ConfigurationReader.Parse(Json);

    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "ContactCentreRef.sln")))
            dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("ContactCentreRef.sln not found above " + AppContext.BaseDirectory);
    }
}

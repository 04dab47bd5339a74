using System.Collections.Concurrent;

namespace ContactCentre.Features.Bridge;

/// <summary>Parses each feature file once per test run and hands out the same <see cref="CompiledFeature"/>.</summary>
public static class FeatureCatalog
{
    private static readonly ConcurrentDictionary<string, Lazy<CompiledFeature>> Features = new(StringComparer.Ordinal);

    public static CompiledFeature Load(string featurePath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(featurePath);
        var normalised = featurePath.Replace('\\', '/').TrimStart('/');
        return Features.GetOrAdd(normalised, path => new Lazy<CompiledFeature>(() => Compile(path))).Value;
    }

    private static CompiledFeature Compile(string featurePath)
    {
        var fullPath = Path.Combine(AppContext.BaseDirectory, featurePath);
        if (!File.Exists(fullPath))
        {
            throw new FileNotFoundException(
                $"Feature file '{featurePath}' is not in the test output folder {AppContext.BaseDirectory}. " +
                "Is the path relative to the project, and is the file copied to the output?",
                fullPath);
        }

        return FeatureCompiler.Compile(featurePath, File.ReadAllText(fullPath));
    }
}

using ContactCentre.Domain.Configuration;

namespace ContactCentre.Host.AudioLibrary;

/// <summary>Which flows play an audio file, so that a file a caller would miss is not deleted or renamed away.</summary>
public static class FlowAudioUsage
{
    public static IReadOnlyList<string> FlowsUsing(ContactCentreConfiguration configuration, string audioFile) =>
        configuration.Flows.Values
            .Where(f => f.AudioFiles.Contains(audioFile, StringComparer.Ordinal))
            .Select(f => f.Name)
            .Order(StringComparer.Ordinal)
            .ToList();
}

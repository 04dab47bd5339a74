using ContactCentre.Domain.Configuration;
using ContactCentre.Domain.Flows;

namespace ContactCentre.Host.AudioLibrary;

/// <summary>
/// Which flows play an audio file, so that a file a caller would miss is not deleted or renamed away.
/// Reads today's modules; when the flow model gains Flow.AudioFiles this becomes a call to it.
/// </summary>
public static class FlowAudioUsage
{
    public static IReadOnlyList<string> FlowsUsing(ContactCentreConfiguration configuration, string audioFile) =>
        configuration.Flows.Values
            .Where(f => AudioFiles(f).Contains(audioFile, StringComparer.Ordinal))
            .Select(f => f.Name)
            .Order(StringComparer.Ordinal)
            .ToList();

    public static IEnumerable<string> AudioFiles(Flow flow) => flow.Modules.Values.SelectMany(m => m switch
    {
        MessageModule x => x.Prompts,
        MenuModule x => x.Prompts.Concat(x.InvalidPrompts),
        QueueModule x => x.Prompts,
        _ => [],
    });
}

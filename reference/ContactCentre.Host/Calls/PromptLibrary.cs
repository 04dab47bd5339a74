using System.Collections.Concurrent;
using ContactCentre.Media;

namespace ContactCentre.Host.Calls;

/// <summary>
/// Prompts by name from the audio folder (name.wav), read once and kept as 8 kHz PCM.
/// A missing or unreadable file plays a short tone instead and is logged by name, so the call goes on.
/// </summary>
public sealed class PromptLibrary(string folder, ILogger<PromptLibrary> log)
{
    private readonly ConcurrentDictionary<string, short[]> _cache = new(StringComparer.Ordinal);

    public string Folder { get; } = folder;

    public IAudioSource Sequence(IReadOnlyList<string> names) =>
        new SequenceSource(names.Select(n => (IAudioSource)new PcmSource(Samples(n))).ToList());

    public short[] Samples(string name) => _cache.GetOrAdd(name, Load);

    private short[] Load(string name)
    {
        var path = Path.Combine(Folder, name + ".wav");
        try
        {
            return WavFile.ReadMono8k(path);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            log.LogError("Prompt '{Prompt}' cannot be played ({Reason}); playing a fallback tone", name, e.Message);
            var fallback = new short[4000];
            new ToneSource(440, 4000, TimeSpan.FromMilliseconds(500)).Read(fallback);
            return fallback;
        }
    }
}

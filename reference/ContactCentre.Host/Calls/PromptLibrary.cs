using System.Collections.Concurrent;
using ContactCentre.Media;

namespace ContactCentre.Host.Calls;

/// <summary>
/// Prompts by name from the audio library folder (name.wav), resolved each time a call plays one: the decoded
/// samples are cached with the file's write time and length, so a file replaced through the admin API (or by
/// hand) is what the next caller hears, with no restart. A missing or unreadable file plays a short tone
/// instead and is logged by name, so the call goes on.
/// </summary>
public sealed class PromptLibrary(string folder, ILogger<PromptLibrary> log)
{
    /// <summary>What a caller hears in place of a missing prompt: 440 Hz for half a second.</summary>
    public const double FallbackToneHz = 440;

    /// <summary>The audio library's music on hold (<c>music-on-hold.wav</c>); without one, this tune's first note.</summary>
    public const string MusicOnHoldPrompt = "music-on-hold";

    /// <summary>The built-in music on hold when the library has none: a slow three-note tune, C5 E5 G5.</summary>
    public static readonly IReadOnlyList<double> BuiltInMusicOnHoldHz = [523.25, 659.25, 783.99];

    private static readonly short[] Fallback = FallbackTone();
    private static readonly short[] BuiltInMusic = BuiltInTune();
    private readonly ConcurrentDictionary<string, Cached> _cache = new(StringComparer.Ordinal);

    public string Folder { get; } = folder;

    public IAudioSource Sequence(IReadOnlyList<string> names) =>
        new SequenceSource(names.Select(n => (IAudioSource)new PcmSource(Samples(n))).ToList());

    /// <summary>Music on hold, looping until stopped: the library's <c>music-on-hold.wav</c>, else a built-in tune.</summary>
    public IAudioSource MusicOnHold()
    {
        var file = Path.Combine(Folder, MusicOnHoldPrompt + ".wav");
        return new LoopingSource([File.Exists(file) ? Samples(MusicOnHoldPrompt) : BuiltInMusic]);
    }

    public short[] Samples(string name)
    {
        // Prompt names come from flows; one with a path separator never leaves the library folder.
        var file = new FileInfo(Path.Combine(Folder, name + ".wav"));
        if (name.Contains('/') || name.Contains('\\') || !file.Exists)
        {
            _cache.TryRemove(name, out _);
            log.LogError("Prompt '{Prompt}' is missing from the audio library {Folder}; playing a fallback tone", name, Folder);
            return Fallback;
        }
        var stamp = (file.LastWriteTimeUtc, file.Length);
        if (_cache.TryGetValue(name, out var cached) && cached.Stamp == stamp) return cached.Samples;
        try
        {
            var samples = WavFile.ReadMono8k(file.FullName);
            _cache[name] = new Cached(stamp, samples);
            return samples;
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            log.LogError("Prompt '{Prompt}' cannot be played ({Reason}); playing a fallback tone", name, e.Message);
            return Fallback;
        }
    }

    private sealed record Cached((DateTime WrittenAt, long Length) Stamp, short[] Samples);

    private static short[] BuiltInTune()
    {
        // Each note 0.8 s, then 0.2 s of quiet: a caller hears that the line is alive.
        var tune = new short[BuiltInMusicOnHoldHz.Count * 8000];
        for (var i = 0; i < BuiltInMusicOnHoldHz.Count; i++)
            new ToneSource(BuiltInMusicOnHoldHz[i], 4000, TimeSpan.FromMilliseconds(800)).Read(tune.AsSpan(i * 8000, 6400));
        return tune;
    }

    private static short[] FallbackTone()
    {
        var tone = new short[4000];
        new ToneSource(FallbackToneHz, 4000, TimeSpan.FromMilliseconds(500)).Read(tone);
        return tone;
    }
}

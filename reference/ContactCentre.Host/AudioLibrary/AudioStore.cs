using System.Text.RegularExpressions;
using ContactCentre.Media;

namespace ContactCentre.Host.AudioLibrary;

/// <summary>One file of the audio library as the admin sees it.</summary>
public sealed record AudioFileInfo(string Name, TimeSpan Duration, long Size, DateTimeOffset ChangedAt);

/// <summary>
/// The audio library: prompts stored as name.wav in one folder, all in one format (8 kHz 16-bit mono PCM, the
/// G.711 rate, so a call never resamples). Every write goes to a temporary file in the same folder and is then
/// renamed over the target, so a caller or a reader sees the old file or the new one, never half of one.
/// </summary>
public sealed partial class AudioStore
{
    public const long MaxBytes = 50L * 1024 * 1024;
    public static readonly TimeSpan MaxLength = TimeSpan.FromMinutes(10);

    /// <summary>The rates recording tools produce; odd rates are more likely a damaged header than real audio.</summary>
    public static readonly IReadOnlySet<int> SampleRates = new HashSet<int> { 8000, 11025, 12000, 16000, 22050, 24000, 32000, 44100, 48000, 96000 };

    private const string TemporaryPrefix = ".incoming-";
    private readonly Lock _gate = new();

    public AudioStore(string folder)
    {
        Folder = folder;
        Directory.CreateDirectory(folder);
    }

    public string Folder { get; }

    /// <summary>Why a name cannot be a library file's name, or null when it can.</summary>
    public static string? NameFault(string? name) =>
        name is null || !NamePattern().IsMatch(name)
            ? $"'{name}' is not an audio file name: use 1-64 letters, digits, '-' and '_' (no extension)"
            : null;

    public string PathOf(string name) => Path.Combine(Folder, name + ".wav");

    public bool Exists(string name) => NameFault(name) is null && File.Exists(PathOf(name));

    public IReadOnlyList<AudioFileInfo> List() =>
        Directory.EnumerateFiles(Folder, "*.wav")
            .Select(p => Path.GetFileNameWithoutExtension(p))
            .Where(n => NameFault(n) is null)
            .Select(Info)
            .OfType<AudioFileInfo>()
            .OrderBy(f => f.Name, StringComparer.Ordinal)
            .ToList();

    /// <summary>The file's facts; the duration follows from its size since every stored file has the one format.</summary>
    public AudioFileInfo? Info(string name)
    {
        var file = new FileInfo(PathOf(name));
        if (!file.Exists) return null;
        var samples = Math.Max(0, file.Length - WavWriter.HeaderLength) / 2;
        return new AudioFileInfo(name, TimeSpan.FromSeconds(samples / 8000.0), file.Length, file.LastWriteTimeUtc);
    }

    /// <summary>
    /// Checks <paramref name="wav"/> (any WAV the Media reader accepts, at a supported rate, at most
    /// <see cref="MaxLength"/>) and stores it converted as <paramref name="name"/>, replacing any file of that name.
    /// Returns the fault, naming what is wrong, and stores nothing when the audio is refused.
    /// </summary>
    public string? Store(string name, ReadOnlySpan<byte> wav, out AudioFileInfo? stored)
    {
        stored = null;
        if (NameFault(name) is { } nameFault) return nameFault;
        if (wav.Length > MaxBytes) return $"the file is {wav.Length} bytes; at most {MaxBytes} are accepted";
        if (!WavFile.TryRead(wav, out var audio, out var error)) return $"not a usable WAV file: {error}";
        if (!SampleRates.Contains(audio.SampleRate))
            return $"sample rate {audio.SampleRate} Hz is not supported (use one of {string.Join(", ", SampleRates.Order())} Hz)";
        if (audio.Duration > MaxLength)
            return $"the audio lasts {audio.Duration:m\\:ss}; at most {MaxLength.TotalMinutes:0} minutes are accepted";
        if (audio.Samples.Length == 0) return "the WAV file holds no audio";

        var temporary = TemporaryPath();
        try
        {
            WavFile.WriteMono8k(temporary, audio.Samples);
            Place(temporary, name);
        }
        finally
        {
            File.Delete(temporary);
        }
        stored = Info(name);
        return null;
    }

    /// <summary>Moves a finished 8 kHz mono recording (e.g. made by phone) into the library as <paramref name="name"/>.</summary>
    public void StoreRecording(string name, string recordingPath)
    {
        if (NameFault(name) is { } fault) throw new ArgumentException(fault, nameof(name));
        Place(recordingPath, name);
    }

    /// <summary>A path in the library folder for a file being written; never listed, since it is not name.wav.</summary>
    public string TemporaryPath() => Path.Combine(Folder, TemporaryPrefix + Guid.NewGuid().ToString("N") + ".tmp");

    /// <summary>Renames <paramref name="from"/> to <paramref name="to"/>; false when the target already exists.</summary>
    public bool Rename(string from, string to)
    {
        lock (_gate)
        {
            if (File.Exists(PathOf(to))) return false;
            File.Move(PathOf(from), PathOf(to), overwrite: false);
            return true;
        }
    }

    public bool Delete(string name)
    {
        lock (_gate)
        {
            if (!File.Exists(PathOf(name))) return false;
            File.Delete(PathOf(name));
            return true;
        }
    }

    /// <summary>
    /// Creates the library on first start from the host's configured audio folder (the demo prompts), each file
    /// converted to the stored format. Only when the library does not exist yet, so that files an admin deleted
    /// or replaced are not brought back by a restart.
    /// </summary>
    /// <param name="notCopied">Seed files left out, each with the reason, for the host to log.</param>
    public static AudioStore Open(string folder, string seedFolder, out IReadOnlyList<string> notCopied)
    {
        var skipped = new List<string>();
        notCopied = skipped;
        if (Directory.Exists(folder)) return new AudioStore(folder);
        var seeding = folder + ".seeding";
        if (Directory.Exists(seeding)) Directory.Delete(seeding, recursive: true);
        Directory.CreateDirectory(seeding);
        if (Directory.Exists(seedFolder))
        {
            foreach (var path in Directory.EnumerateFiles(seedFolder, "*.wav"))
            {
                var name = Path.GetFileNameWithoutExtension(path);
                if (NameFault(name) is not null || !WavFile.TryRead(File.ReadAllBytes(path), out var audio, out _))
                {
                    skipped.Add($"{path}: {NameFault(name) ?? "not a readable WAV file"}");
                    continue;
                }
                WavFile.WriteMono8k(Path.Combine(seeding, name + ".wav"), audio.Samples);
            }
        }
        Directory.Move(seeding, folder);
        return new AudioStore(folder);
    }

    private void Place(string source, string name)
    {
        lock (_gate) File.Move(source, PathOf(name), overwrite: true);
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$")]
    private static partial Regex NamePattern();
}

using System.Collections.Concurrent;

namespace ContactCentre.Media;

/// <summary>
/// Reads a string of digits back to a caller ("your reference is 4 0 7 …") from one recorded prompt per
/// key in a folder: 0.wav … 9.wav, star.wav, hash.wav. Prompts are loaded once, on first use.
/// </summary>
public sealed class DigitReader
{
    public static readonly TimeSpan DefaultPause = TimeSpan.FromMilliseconds(150);
    private readonly string _folder;
    private readonly TimeSpan _pause;
    private readonly ConcurrentDictionary<char, short[]> _prompts = new();

    /// <param name="pause">Silence between two digits, so "1 1" is not heard as one long "1".</param>
    public DigitReader(string folder, TimeSpan? pause = null)
    {
        ArgumentNullException.ThrowIfNull(folder);
        _folder = folder;
        _pause = pause ?? DefaultPause;
        ArgumentOutOfRangeException.ThrowIfLessThan(_pause, TimeSpan.Zero, nameof(pause));
    }

    /// <summary>The prompt file for <paramref name="digit"/> (0-9, * or #) in this reader's folder.</summary>
    public string PathFor(char digit) => Path.Combine(_folder, FileName(digit));

    /// <summary>
    /// The digits spoken one after another with a pause between. Every prompt needed is loaded before this
    /// returns, so a missing file fails here (naming the digit and the file), never halfway through playback.
    /// </summary>
    /// <exception cref="ArgumentException">A character is not 0-9, * or #.</exception>
    /// <exception cref="FileNotFoundException">A digit's prompt file is missing.</exception>
    /// <exception cref="InvalidDataException">A digit's prompt file is not a WAV file this library reads.</exception>
    public IAudioSource Read(string digits)
    {
        ArgumentNullException.ThrowIfNull(digits);
        var parts = new List<IAudioSource>(digits.Length * 2);
        foreach (char digit in digits)
        {
            if (parts.Count > 0 && _pause > TimeSpan.Zero)
            {
                parts.Add(new SilenceSource(_pause));
            }

            parts.Add(new PcmSource(Prompt(digit)));
        }

        return new SequenceSource(parts);
    }

    private short[] Prompt(char digit)
    {
        if (_prompts.TryGetValue(digit, out short[]? samples))
        {
            return samples;
        }

        string path = PathFor(digit);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"No prompt to read the digit '{digit}': {path} does not exist.", path);
        }

        return _prompts.GetOrAdd(digit, WavFile.ReadMono8k(path));
    }

    private static string FileName(char digit) => digit switch
    {
        >= '0' and <= '9' => $"{digit}.wav",
        '*' => "star.wav",
        '#' => "hash.wav",
        _ => throw new ArgumentException($"'{digit}' cannot be read out: only 0-9, * and # have prompts.", nameof(digit)),
    };
}

using ContactCentre.Media.Tests.Support;

namespace ContactCentre.Media.Tests.Audio;

[Trait("Category", "Unit")]
public sealed class DigitReaderTests : IDisposable
{
    private const int PromptSamples = 800;
    private readonly string _folder = Directory.CreateTempSubdirectory("media-digits-").FullName;

    public DigitReaderTests()
    {
        // Each key's "voice" is a tone of its own, so what is heard can be told apart by Goertzel.
        foreach (var (key, name) in Keys())
        {
            WavFile.WriteMono8k(Path.Combine(_folder, name + ".wav"), Signals.Tone(FrequencyOf(key), PromptSamples));
        }
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Digits_are_read_in_order_with_a_pause_between()
    {
        var reader = new DigitReader(_folder, TimeSpan.FromMilliseconds(100));

        short[] heard = Signals.Read(reader.Read("40*#"));

        Assert.Equal((4 * PromptSamples) + (3 * 800), heard.Length);
        var step = PromptSamples + 800;
        char[] keys = ['4', '0', '*', '#'];
        double[] candidates = [.. Keys().Select(k => FrequencyOf(k.Key))];
        for (var i = 0; i < keys.Length; i++)
        {
            Assert.Equal(FrequencyOf(keys[i]), Goertzel.DominantFrequency(heard.AsSpan(i * step, PromptSamples), candidates));
            if (i < keys.Length - 1)
            {
                Assert.True(heard.AsSpan((i * step) + PromptSamples, 800).ToArray().All(s => s == 0), "a pause follows each digit but the last");
            }
        }
    }

    [Fact]
    public void Each_read_plays_from_the_start()
    {
        var reader = new DigitReader(_folder);

        Assert.Equal(Signals.Read(reader.Read("77")), Signals.Read(reader.Read("77")));
    }

    [Fact]
    public void A_missing_digit_prompt_fails_before_playing_naming_the_digit_and_file()
    {
        File.Delete(Path.Combine(_folder, "hash.wav"));
        var reader = new DigitReader(_folder);

        var error = Assert.Throws<FileNotFoundException>(() => reader.Read("12#"));

        Assert.Contains("'#'", error.Message, StringComparison.Ordinal);
        Assert.Equal(Path.Combine(_folder, "hash.wav"), error.FileName);
    }

    [Fact]
    public void A_character_that_is_not_a_key_is_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => new DigitReader(_folder).Read("12-3"));

        Assert.Contains("'-'", error.Message, StringComparison.Ordinal);
    }

    private static IEnumerable<(char Key, string Name)> Keys() =>
        [.. "0123456789".Select(c => (c, c.ToString())), ('*', "star"), ('#', "hash")];

    private static double FrequencyOf(char key) => key switch
    {
        '*' => 2500,
        '#' => 2700,
        _ => 400 + ((key - '0') * 200),
    };
}

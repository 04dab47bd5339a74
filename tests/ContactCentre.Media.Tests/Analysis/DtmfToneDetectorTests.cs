using ContactCentre.Media.Tests.Support;

namespace ContactCentre.Media.Tests.Analysis;

/// <summary>In-band DTMF: synthesised dual tones (ITU-T Q.23 frequencies) fed in 20 ms frames.</summary>
[Trait("Category", "Unit")]
public sealed class DtmfToneDetectorTests
{
    private static readonly (char Key, double Row, double Column)[] Keys =
    [
        ('1', 697, 1209), ('2', 697, 1336), ('3', 697, 1477), ('A', 697, 1633),
        ('4', 770, 1209), ('5', 770, 1336), ('6', 770, 1477), ('B', 770, 1633),
        ('7', 852, 1209), ('8', 852, 1336), ('9', 852, 1477), ('C', 852, 1633),
        ('*', 941, 1209), ('0', 941, 1336), ('#', 941, 1477), ('D', 941, 1633),
    ];

    [Fact]
    public void Every_key_is_detected_once_with_about_its_duration()
    {
        foreach (var (key, row, column) in Keys)
        {
            var audio = Signals.Concat(Silence(400), DualTone(row, column, 800, 6000, 6000), Silence(800));

            var digits = Detect(audio);

            var digit = Assert.Single(digits);
            Assert.Equal(key, digit.Key);
            Assert.Equal(DtmfSignalling.InBand, digit.Signalling);
            Assert.InRange(digit.Duration.TotalMilliseconds, 75, 125);
        }
    }

    [Fact]
    public void Two_presses_of_the_same_key_are_two_digits()
    {
        var audio = Signals.Concat(DualTone(941, 1477, 640, 6000, 6000), Silence(480), DualTone(941, 1477, 640, 6000, 6000), Silence(800));

        Assert.Equal(['#', '#'], Detect(audio).Select(d => d.Key));
    }

    [Theory]
    [InlineData(7, true)] // low group 7 dB louder: within the 8 dB normal twist
    [InlineData(10, false)] // 10 dB: too much normal twist
    [InlineData(-3, true)] // high group 3 dB louder: within the 4 dB reverse twist
    [InlineData(-6, false)] // 6 dB: too much reverse twist
    public void Twist_beyond_the_limits_is_refused(double lowOverHighDb, bool detected)
    {
        double low = 8000;
        double high = low / Math.Pow(10, lowOverHighDb / 20);
        var audio = Signals.Concat(DualTone(770, 1336, 800, low, high), Silence(800));

        Assert.Equal(detected ? ['5'] : [], Detect(audio).Select(d => d.Key));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(13)]
    [InlineData(29)]
    [InlineData(47)]
    [InlineData(101)]
    public void A_tone_under_23_ms_is_not_a_digit_however_it_falls_on_the_windows(int offset)
    {
        // ITU-T Q.24: signals shorter than 23 ms must be rejected (184 samples).
        var audio = Signals.Concat(Silence(400 + offset), DualTone(852, 1209, 180, 6000, 6000), Silence(800));

        Assert.Empty(Detect(audio));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(13)]
    [InlineData(29)]
    [InlineData(47)]
    [InlineData(101)]
    public void A_40_ms_tone_is_a_digit_however_it_falls_on_the_windows(int offset)
    {
        // ITU-T Q.24: signals of 40 ms must be accepted (320 samples).
        var audio = Signals.Concat(Silence(400 + offset), DualTone(852, 1209, 320, 6000, 6000), Silence(800));

        Assert.Equal(['7'], Detect(audio).Select(d => d.Key));
    }

    [Fact]
    public void Speech_like_audio_and_noise_give_no_digit()
    {
        for (var seed = 1; seed <= 5; seed++)
        {
            Assert.Empty(Detect(Signals.Prompt(seed, 24000)));
            Assert.Empty(Detect(Signals.Noise(8000, 8000, seed)));
        }
    }

    [Fact]
    public void A_key_tone_drowned_in_noise_is_not_claimed()
    {
        var tone = DualTone(697, 1209, 800, 2000, 2000);
        var noise = Signals.Noise(800, 9000, 3);
        var mixed = tone.Zip(noise, (a, b) => (short)Math.Clamp(a + b, short.MinValue, short.MaxValue)).ToArray();

        Assert.Empty(Detect(Signals.Concat(mixed, Silence(800))));
    }

    private static List<DtmfDigit> Detect(short[] audio)
    {
        var detector = new DtmfToneDetector();
        var digits = new List<DtmfDigit>();
        var found = new DtmfDigit[2];
        for (var at = 0; at < audio.Length; at += 160)
        {
            int count = detector.Accept(audio.AsSpan(at, Math.Min(160, audio.Length - at)), found);
            digits.AddRange(found.Take(count));
        }

        return digits;
    }

    private static short[] Silence(int samples) => new short[samples];

    private static short[] DualTone(double row, double column, int samples, double rowAmplitude, double columnAmplitude)
    {
        var result = new short[samples];
        for (var i = 0; i < samples; i++)
        {
            double t = i / 8000.0;
            result[i] = (short)Math.Round((rowAmplitude * Math.Sin(2 * Math.PI * row * t)) + (columnAmplitude * Math.Sin(2 * Math.PI * column * t)));
        }

        return result;
    }
}

using ContactCentre.Media.Tests.Support;

namespace ContactCentre.Media.Tests.Audio;

[Trait("Category", "Unit")]
public sealed class SampleRateConverterTests
{
    private static readonly double[] Candidates = [300, 600, 1000, 1400, 2000, 3000];

    [Theory]
    [InlineData(48000)]
    [InlineData(44100)]
    [InlineData(16000)]
    [InlineData(22050)]
    public void A_1kHz_tone_stays_1kHz_at_the_same_level(int rate)
    {
        short[] tone = Signals.Tone(1000, rate, 10000, sampleRate: rate);

        short[] converted = SampleRateConverter.Convert(tone, rate, 8000);

        Assert.Equal(8000, converted.Length);
        Assert.Equal(1000, Goertzel.DominantFrequency(converted, Candidates));
        double levelDb = 10 * Math.Log10(Goertzel.Power(Middle(converted), 1000) / Goertzel.Power(tone, 1000, rate));
        Assert.InRange(levelDb, -0.5, 0.5);
    }

    [Theory]
    [InlineData(48000, 6000)] // would fold to 2 kHz
    [InlineData(48000, 4500)] // just above the new Nyquist: would fold to 3.5 kHz
    [InlineData(44100, 5000)] // would fold to 3 kHz
    [InlineData(16000, 7000)] // would fold to 1 kHz
    public void A_tone_above_4kHz_is_removed_not_folded_into_the_band(int rate, double frequency)
    {
        short[] tone = Signals.Tone(frequency, rate, 16000, sampleRate: rate);

        short[] converted = SampleRateConverter.Convert(tone, rate, 8000);

        double folded = frequency % 8000;
        double alias = folded > 4000 ? 8000 - folded : folded;
        double inputDb = 10 * Math.Log10(Goertzel.Power(tone, frequency, rate));
        double aliasDb = 10 * Math.Log10(Goertzel.Power(Middle(converted), alias) + 1e-20);
        double totalDb = 10 * Math.Log10(MeanSquare(Middle(converted)) * 2 + 1e-20);
        Assert.True(inputDb - aliasDb > 40, $"{frequency} Hz folded to {alias} Hz only {inputDb - aliasDb:F1} dB down");
        Assert.True(inputDb - totalDb > 40, $"{frequency} Hz left {totalDb:F1} dBFS in the output, {inputDb - totalDb:F1} dB down");
    }

    [Fact]
    public void The_telephone_band_passes_and_the_band_edge_is_steep()
    {
        short[] low = SampleRateConverter.Convert(Signals.Tone(3300, 48000, 10000, sampleRate: 48000), 48000, 8000);
        short[] high = SampleRateConverter.Convert(Signals.Tone(4100, 48000, 10000, sampleRate: 48000), 48000, 8000);

        Assert.InRange(10 * Math.Log10(MeanSquare(Middle(low)) * 2 / Math.Pow(10000 / 32768.0, 2)), -1, 0.5);
        Assert.True(10 * Math.Log10(MeanSquare(Middle(high)) * 2 / Math.Pow(10000 / 32768.0, 2)) < -40);
    }

    [Theory]
    [InlineData(48000, 4800, 800)]
    [InlineData(44100, 4410, 800)]
    [InlineData(44100, 1000, 181)] // 181.4: a partly covered last output sample is dropped
    [InlineData(16000, 3, 1)]
    [InlineData(6000, 600, 800)]
    [InlineData(8000, 123, 123)]
    public void Output_length_is_the_input_duration_at_8kHz(int rate, int samples, int expected)
    {
        Assert.Equal(expected, SampleRateConverter.Convert(new short[samples], rate, 8000).Length);
    }

    [Fact]
    public void Upsampling_6kHz_keeps_a_600Hz_tone()
    {
        short[] converted = SampleRateConverter.Convert(Signals.Tone(600, 6000, 10000, sampleRate: 6000), 6000, 8000);

        Assert.Equal(8000, converted.Length);
        Assert.Equal(600, Goertzel.DominantFrequency(converted, [300, 600, 1000, 2400]));
        Assert.InRange(10 * Math.Log10(Goertzel.Power(Middle(converted), 600) / Math.Pow(10000 / 32768.0, 2)), -0.5, 0.5);
    }

    [Fact]
    public void An_odd_rate_with_many_phases_still_keeps_the_tone()
    {
        short[] converted = SampleRateConverter.Convert(Signals.Tone(1000, 44101, 10000, sampleRate: 44101), 44101, 8000);

        Assert.Equal(8000, converted.Length);
        Assert.InRange(10 * Math.Log10(Goertzel.Power(Middle(converted), 1000) / Math.Pow(10000 / 32768.0, 2)), -0.5, 0.5);
    }

    /// <summary>Skips the first and last 50 ms, where the filter runs over the edge of the signal.</summary>
    private static short[] Middle(short[] samples) => samples[400..^400];

    private static double MeanSquare(short[] samples) => samples.Average(s => (s / 32768.0) * (s / 32768.0));
}

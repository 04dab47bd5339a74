using ContactCentre.Media.Tests.Support;

namespace ContactCentre.Media.Tests.Analysis;

[Trait("Category", "Unit")]
public sealed class GoertzelTests
{
    private static readonly double[] Candidates = [600, 1000];

    [Theory]
    [InlineData(1000)]
    [InlineData(600)]
    public void Tells_1000_Hz_from_600_Hz_in_one_frame(double frequency)
    {
        short[] frame = Signals.Tone(frequency, 160);
        double other = frequency == 1000 ? 600 : 1000;

        Assert.Equal(frequency, Goertzel.DominantFrequency(frame, Candidates));
        Assert.True(Goertzel.Power(frame, frequency) > 10 * Goertzel.Power(frame, other));
    }

    [Theory]
    [InlineData(AudioCodec.Pcmu, 1000)]
    [InlineData(AudioCodec.Pcmu, 600)]
    [InlineData(AudioCodec.Pcma, 1000)]
    [InlineData(AudioCodec.Pcma, 600)]
    public void Still_tells_them_apart_after_g711(AudioCodec codec, double frequency)
    {
        short[] heard = Signals.ThroughG711(codec, Signals.Tone(frequency, 160));

        Assert.Equal(frequency, Goertzel.DominantFrequency(heard, Candidates));
    }

    [Theory]
    [InlineData(160)]
    [InlineData(1600)]
    [InlineData(8000)]
    public void Power_is_normalised_for_length_and_full_scale(int length)
    {
        short[] halfScale = Signals.Tone(1000, length, 16384);

        Assert.InRange(Goertzel.Power(halfScale, 1000), 0.2, 0.3);
    }

    [Fact]
    public void Silence_has_no_power() => Assert.Equal(0, Goertzel.Power(new short[160], 1000));
}

namespace ContactCentre.Media.Tests.Mixing;

[Trait("Category", "Unit")]
public sealed class MixTests
{
    [Fact]
    public void Voices_add_and_saturate_at_the_16_bit_limits_instead_of_wrapping()
    {
        short[] into = [1000, 30000, -30000, -5];
        short[] voice = [234, 5000, -5000, 5];

        Mix.Add(into, voice);

        Assert.Equal([1234, short.MaxValue, short.MinValue, 0], into);
    }

    [Fact]
    public void A_shorter_voice_leaves_the_rest_untouched()
    {
        short[] into = [1, 2, 3];

        Mix.Add(into, [10]);

        Assert.Equal([11, 2, 3], into);
    }
}

using ContactCentre.Media.Tests.Support;

namespace ContactCentre.Media.Tests.Audio;

[Trait("Category", "Unit")]
public sealed class AudioSourceTests
{
    [Fact]
    public void Pcm_source_plays_its_samples_once()
    {
        short[] samples = [.. Enumerable.Range(1, 250).Select(i => (short)i)];
        var source = new PcmSource(samples);

        Assert.Equal(samples, Signals.Read(source));
        Assert.Equal(0, source.Read(new short[160]));
    }

    [Fact]
    public void Tone_with_duration_ends_after_that_many_samples_at_its_frequency()
    {
        short[] played = Signals.Read(new ToneSource(1000, 8000, TimeSpan.FromMilliseconds(250)));

        Assert.Equal(2000, played.Length);
        Assert.Equal(1000, Goertzel.DominantFrequency(played, [400, 600, 1000, 1400]));
    }

    [Fact]
    public void Tone_without_duration_never_ends()
    {
        var source = new ToneSource(440);
        var frame = new short[160];

        for (var i = 0; i < 1000; i++)
        {
            Assert.Equal(160, source.Read(frame));
        }
    }

    [Fact]
    public void Silence_is_zero_for_its_duration()
    {
        short[] played = Signals.Read(new SilenceSource(TimeSpan.FromMilliseconds(30)));

        Assert.Equal(240, played.Length);
        Assert.All(played, s => Assert.Equal(0, s));
    }

    [Fact]
    public void Sequence_plays_parts_back_to_back_without_gaps()
    {
        var sequence = new SequenceSource(
        [
            new PcmSource([1, 2, 3]),
            new SilenceSource(TimeSpan.Zero),
            new PcmSource([4, 5]),
        ]);
        var frame = new short[160];

        Assert.Equal(5, sequence.Read(frame));
        Assert.Equal(new short[] { 1, 2, 3, 4, 5 }, frame[..5]);
        Assert.Equal(0, sequence.Read(frame));
    }

    [Fact]
    public void Sequence_fills_a_frame_across_a_part_boundary()
    {
        var sequence = new SequenceSource([new ToneSource(1000, duration: TimeSpan.FromMilliseconds(15)), new SilenceSource(TimeSpan.FromMilliseconds(20))]);
        var frame = new short[160];

        Assert.Equal(160, sequence.Read(frame)); // 120 samples of tone, then 40 of silence
        Assert.NotEqual(0, frame[101]);
        Assert.Equal(0, frame[130]);
        Assert.Equal(120, sequence.Read(frame));
        Assert.Equal(0, sequence.Read(frame));
    }
}

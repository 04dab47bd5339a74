using ContactCentre.Media.Tests.Support;
using Xunit.Abstractions;

namespace ContactCentre.Media.Tests.Analysis;

[Trait("Category", "Unit")]
public sealed class CorrelationTests
{
    private readonly ITestOutputHelper _output;

    public CorrelationTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public void Finds_a_prompt_inside_a_longer_noisy_recording()
    {
        short[] prompt = Signals.Prompt(seed: 1);
        short[] recording = Signals.Concat(
            Signals.Noise(8037, 300, seed: 10),
            Attenuate(Signals.ThroughG711(AudioCodec.Pcma, prompt), 0.5),
            new short[4000],
            Signals.Noise(8000, 300, seed: 11));
        recording = Mix(recording, Signals.Noise(recording.Length, 200, seed: 12));

        double score = Correlation.BestMatch(recording, prompt);

        _output.WriteLine($"match {score:F3}");
        Assert.True(score > 0.8, $"expected the prompt to be recognised, score {score:F3}");
    }

    [Fact]
    public void An_unrelated_recording_scores_clearly_lower()
    {
        short[] prompt = Signals.Prompt(seed: 1);
        short[] other = Signals.Concat(Signals.Noise(8000, 300, seed: 10), Signals.Prompt(seed: 2), Signals.Noise(8000, 300, seed: 11));
        short[] same = Signals.Concat(Signals.Noise(8000, 300, seed: 10), prompt, Signals.Noise(8000, 300, seed: 11));

        double unrelated = Correlation.BestMatch(other, prompt);
        double related = Correlation.BestMatch(same, prompt);

        _output.WriteLine($"unrelated {unrelated:F3}, related {related:F3}");
        Assert.True(unrelated < 0.6, $"unrelated audio scored {unrelated:F3}");
        Assert.True(related - unrelated > 0.3);
    }

    [Fact]
    public void Silence_matches_nothing() =>
        Assert.Equal(0, Correlation.BestMatch(new short[16000], Signals.Prompt(seed: 1)));

    private static short[] Attenuate(short[] pcm, double gain) => [.. pcm.Select(s => (short)(s * gain))];

    private static short[] Mix(short[] a, short[] b) => [.. a.Zip(b, (x, y) => (short)Math.Clamp(x + y, short.MinValue, short.MaxValue))];
}

using ContactCentre.Media.Tests.Support;

namespace ContactCentre.Media.Tests.Audio;

[Trait("Category", "Unit")]
public sealed class CallProgressToneTests
{
    [Fact]
    public void European_ringback_is_425Hz_one_second_on_four_off_repeating()
    {
        short[] played = Read(CallProgressTones.Ringback(), 2 * 40000);

        for (var cycle = 0; cycle < 2; cycle++)
        {
            var on = played.AsSpan(cycle * 40000, 8000);
            var off = played.AsSpan((cycle * 40000) + 8000, 32000);
            Assert.Equal(425, Goertzel.DominantFrequency(on, [350, 400, 425, 450, 480, 1000]));
            Assert.True(Goertzel.Power(on, 425) > 0.02, "the tone is clearly audible");
            Assert.True(off.ToArray().All(s => s == 0), "the four seconds after each burst are silent");
        }
    }

    [Fact]
    public void Another_countrys_plan_gives_its_frequencies_and_cadence()
    {
        short[] played = Read(CallProgressTones.Ringback(TonePlan.UkRingback), 24000);

        // 0.4 s on, 0.2 s off, 0.4 s on, 2 s off.
        var first = played.AsSpan(0, 3200);
        Assert.True(Goertzel.Power(first, 400) > 0.005 && Goertzel.Power(first, 450) > 0.005, "both 400 and 450 Hz sound");
        Assert.True(Goertzel.Power(first, 425) < Goertzel.Power(first, 400) / 10, "not the European 425 Hz");
        Assert.True(played.AsSpan(3200, 1600).ToArray().All(s => s == 0));
        Assert.True(Goertzel.Power(played.AsSpan(4800, 3200), 450) > 0.005);
        Assert.True(played.AsSpan(8000, 16000).ToArray().All(s => s == 0));
    }

    [Fact]
    public void Bursts_fade_in_rather_than_click()
    {
        short[] played = Read(new CadencedToneSource(new TonePlan([1000], []), amplitude: 8000), 160);

        Assert.True(Math.Abs((int)played[2]) < 1000, "the first milliseconds are quieter than the tone");
        Assert.True(played[40..].Max() > 7500, "then it reaches full level");
    }

    [Fact]
    public void A_tone_with_a_duration_ends()
    {
        short[] played = Signals.Read(new CadencedToneSource(TonePlan.EuropeanBusy, duration: TimeSpan.FromMilliseconds(1500)));

        Assert.Equal(12000, played.Length);
        Assert.True(played.AsSpan(4000, 4000).ToArray().All(s => s == 0));
        Assert.True(Goertzel.Power(played.AsSpan(8000, 4000), 425) > 0.01);
    }

    [Fact]
    public void Beep_is_1kHz_for_200ms()
    {
        short[] beep = Signals.Read(CallProgressTones.Beep());

        Assert.Equal(1600, beep.Length);
        Assert.Equal(1000, Goertzel.DominantFrequency(beep, [425, 800, 1000, 1400]));
    }

    [Fact]
    public void A_plan_without_tone_is_refused()
    {
        Assert.Throws<ArgumentException>(() => new CadencedToneSource(new TonePlan([], [])));
        Assert.Throws<ArgumentException>(() => new CadencedToneSource(new TonePlan([425], [TimeSpan.Zero, TimeSpan.FromSeconds(1)])));
    }

    private static short[] Read(IAudioSource source, int samples)
    {
        var all = new short[samples];
        for (var filled = 0; filled < samples;)
        {
            int read = source.Read(all.AsSpan(filled, Math.Min(160, samples - filled)));
            Assert.True(read > 0, "an endless tone never ends");
            filled += read;
        }

        return all;
    }
}

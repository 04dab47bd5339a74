using ContactCentre.Media.Tests.Support;

namespace ContactCentre.Media.Tests.Audio;

[Trait("Category", "Unit")]
public sealed class LoopingSourceTests
{
    [Fact]
    public void A_playlist_plays_round_and_round_across_frame_boundaries()
    {
        var music = new LoopingSource([[1, 2, 3], [], [4, 5]]);
        var frame = new short[12];

        Assert.Equal(12, music.Read(frame));

        Assert.Equal(new short[] { 1, 2, 3, 4, 5, 1, 2, 3, 4, 5, 1, 2 }, frame);
    }

    [Fact]
    public void Stop_ends_it_at_the_next_frame()
    {
        var music = new LoopingSource([Signals.Tone(440, 100)]);
        var frame = new short[160];
        Assert.Equal(160, music.Read(frame));

        music.Stop();

        Assert.Equal(0, music.Read(frame));
        Assert.True(music.IsStopped);
    }

    [Fact]
    public void Loaded_from_wav_files_it_loops_the_file()
    {
        string path = Path.Combine(Path.GetTempPath(), $"moh-{Guid.NewGuid():N}.wav");
        try
        {
            short[] track = Signals.Tone(600, 250);
            WavFile.WriteMono8k(path, track);
            var music = LoopingSource.FromFiles(path);
            var frame = new short[600];

            Assert.Equal(600, music.Read(frame));

            Assert.Equal(Signals.Concat(track, track, track[..100]), frame);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_playlist_without_audio_is_refused()
    {
        Assert.Throws<ArgumentException>(() => new LoopingSource([[], []]));
    }
}

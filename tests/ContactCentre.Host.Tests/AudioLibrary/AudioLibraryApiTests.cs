using System.Net;
using ContactCentre.Media;

namespace ContactCentre.Host.Tests.AudioLibrary;

/// <summary>The admin API of the audio library against the real host (demo configuration, fresh data folder).</summary>
[Trait("Category", "Integration")]
public sealed class AudioLibraryApiTests
{
    private static Task<RunningContactCentre> StartAsync() => RunningContactCentre.StartAsync($"--Admin:Token={AdminClient.Token}");

    [Fact]
    public async Task A_48kHz_stereo_upload_is_stored_as_8kHz_mono_and_listed_with_its_duration()
    {
        await using var centre = await StartAsync();
        using var admin = new AdminClient(centre.Host.WebUri);

        var response = await admin.UploadAsync("offer-of-the-week", TestWav.Tone(700, TimeSpan.FromSeconds(2), sampleRate: 48000, channels: 2));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.True(WavFile.TryRead(await admin.DownloadAsync("offer-of-the-week"), out var stored, out var error), error);
        Assert.Equal((8000, 1, 16, WavEncoding.Pcm), (stored.SampleRate, stored.Channels, stored.BitsPerSample, stored.Encoding));
        Assert.InRange(stored.Duration.TotalSeconds, 1.99, 2.01);
        Assert.True(ContactCentre.Simulator.Phones.HeardAudio.ToneShare(stored.Samples, 700) > 0.8, "the stored file is not the uploaded 700 Hz tone");
        var listed = (await admin.ListAsync())["offer-of-the-week"];
        Assert.InRange(listed.GetProperty("durationSeconds").GetDouble(), 1.99, 2.01);
        Assert.Equal(44 + 2 * 16000, listed.GetProperty("sizeBytes").GetInt64());
        Assert.True(listed.TryGetProperty("changedAt", out _));
    }

    public static TheoryData<string, byte[]> BadFiles() => new()
    {
        { "text", "this is not audio"u8.ToArray() },
        { "truncated", TestWav.Tone(700, TimeSpan.FromSeconds(1))[..30] },
    };

    [Theory]
    [MemberData(nameof(BadFiles))]
    public async Task A_file_that_is_not_a_whole_WAV_is_refused_with_the_reason_and_nothing_is_stored(string kind, byte[] body)
    {
        await using var centre = await StartAsync();
        using var admin = new AdminClient(centre.Host.WebUri);
        Assert.False(WavFile.TryRead(body, out _, out var reason));

        var response = await admin.UploadAsync("bad-" + kind, body);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var problem = await AdminClient.ProblemAsync(response);
        Assert.Contains(reason, problem.GetProperty("detail").GetString());
        Assert.DoesNotContain("bad-" + kind, (await admin.ListAsync()).Keys);
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(centre.DataPath, "audio"), "*.tmp"));
    }

    [Fact]
    public async Task A_bad_name_or_an_unsupported_rate_is_refused_naming_the_fault()
    {
        await using var centre = await StartAsync();
        using var admin = new AdminClient(centre.Host.WebUri);

        var badName = await admin.UploadAsync("hello world", TestWav.Tone(700, TimeSpan.FromSeconds(1)));
        var oddRate = await admin.UploadAsync("odd-rate", TestWav.Tone(700, TimeSpan.FromSeconds(1), sampleRate: 9000));

        Assert.Equal(HttpStatusCode.BadRequest, badName.StatusCode);
        Assert.Contains("letters, digits", (await AdminClient.ProblemAsync(badName)).GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, oddRate.StatusCode);
        Assert.Contains("9000 Hz", (await AdminClient.ProblemAsync(oddRate)).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Deleting_a_prompt_the_demo_flow_plays_is_refused_naming_the_flow()
    {
        await using var centre = await StartAsync();
        using var admin = new AdminClient(centre.Host.WebUri);

        var response = await admin.DeleteAsync("welcome");

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var problem = await AdminClient.ProblemAsync(response);
        Assert.Contains("'Demo'", problem.GetProperty("detail").GetString());
        Assert.Equal("Demo", problem.GetProperty("flows")[0].GetString());
        Assert.Contains("welcome", (await admin.ListAsync()).Keys);
    }

    [Fact]
    public async Task An_unused_file_is_renamed_and_deleted_but_never_over_another_or_away_from_a_flow()
    {
        await using var centre = await StartAsync();
        using var admin = new AdminClient(centre.Host.WebUri);
        await admin.UploadAsync("draft", TestWav.Tone(700, TimeSpan.FromSeconds(1)));

        var onto = await admin.RenameAsync("draft", "menu");
        var used = await admin.RenameAsync("menu", "old-menu");
        var renamed = await admin.RenameAsync("draft", "christmas");

        Assert.Equal(HttpStatusCode.Conflict, onto.StatusCode);
        Assert.Contains("already exists", (await AdminClient.ProblemAsync(onto)).GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.Conflict, used.StatusCode);
        Assert.Contains("'Demo'", (await AdminClient.ProblemAsync(used)).GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.OK, renamed.StatusCode);
        var names = (await admin.ListAsync()).Keys;
        Assert.Contains("christmas", names);
        Assert.DoesNotContain("draft", names);
        Assert.Contains("menu", names);

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync("christmas")).StatusCode);
        Assert.DoesNotContain("christmas", (await admin.ListAsync()).Keys);
    }

    [Fact]
    public async Task Without_the_admin_token_the_library_is_refused()
    {
        await using var centre = await StartAsync();
        using var anonymous = new AdminClient(centre.Host.WebUri, token: null);
        using var wrong = new AdminClient(centre.Host.WebUri, token: "guess");

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.ListResponseAsync()).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await wrong.ListResponseAsync()).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.DeleteAsync("closed")).StatusCode);
        Assert.True(File.Exists(Path.Combine(centre.DataPath, "audio", "closed.wav")));
    }
}

using System.Globalization;
using System.Net;
using ContactCentre.Features.Drivers;
using ContactCentre.Media;
using Reqnroll;

namespace ContactCentre.Features.AudioLibrary;

[Binding]
public sealed class AudioLibrarySteps(WireDriver driver)
{
    [When("the administrator uploads a {int} Hz tone as {string}")]
    public Task WhenUploadsATone(int hz, string name) =>
        UploadAsync(name, WireDriver.ToneWav(hz, 8000, 1, TimeSpan.FromSeconds(3)));

    [When("the administrator uploads a {int} second {int} Hz stereo recording of {int} Hz as {string}")]
    public Task WhenUploadsARecording(int seconds, int rate, int hz, string name) =>
        UploadAsync(name, WireDriver.ToneWav(hz, rate, 2, TimeSpan.FromSeconds(seconds)));

    [When("the administrator uploads a text file as {string}")]
    public Task WhenUploadsText(string name) => driver.UploadAudioAsync(name, "Hello, this is not a WAV file."u8.ToArray());

    [When("the administrator deletes {string}")]
    public Task WhenDeletes(string name) => driver.DeleteAudioAsync(name);

    [Given("the {string} message has disappeared from the library's folder")]
    public void GivenTheMessageDisappeared(string name) => File.Delete(Path.Combine(driver.AudioLibraryPath, name + ".wav"));

    [Then("the library lists {string} lasting {double} seconds")]
    public async Task ThenListedLasting(string name, double seconds)
    {
        var file = await driver.AudioFileAsync(name);
        Assert.True(file is not null, $"The library does not list '{name}': {driver.LastAdminBody}");
        Assert.Equal(seconds, file.Value.GetProperty("durationSeconds").GetDouble(), 1);
    }

    [Then("the library lists {string}")]
    public async Task ThenListed(string name) =>
        Assert.True(await driver.AudioFileAsync(name) is not null, $"The library does not list '{name}': {driver.LastAdminBody}");

    [Then("the library does not list {string}")]
    public async Task ThenNotListed(string name) =>
        Assert.True(await driver.AudioFileAsync(name) is null, $"The library lists '{name}': {driver.LastAdminBody}");

    [Then("{string} is stored as {int} Hz mono")]
    public async Task ThenStoredAs(string name, int rate)
    {
        Assert.True(WavFile.TryRead(await driver.DownloadAudioAsync(name), out var audio, out var error), error);
        Assert.Equal((rate, 1), (audio!.SampleRate, audio.Channels));
    }

    [Then("the upload is refused with {int} giving the reason")]
    public void ThenUploadRefused(int status)
    {
        Assert.Equal((HttpStatusCode)status, driver.LastAdminResponse!.StatusCode);
        Assert.Contains("\"detail\"", driver.LastAdminBody, StringComparison.Ordinal);
    }

    [Then("the deletion is refused with {int} naming the flow {string}")]
    public void ThenDeletionRefused(int status, string flow)
    {
        Assert.Equal((HttpStatusCode)status, driver.LastAdminResponse!.StatusCode);
        Assert.Contains(flow, driver.LastAdminBody, StringComparison.Ordinal);
    }

    private async Task UploadAsync(string name, byte[] wav)
    {
        await driver.UploadAudioAsync(name, wav);
        Assert.True(driver.LastAdminResponse!.IsSuccessStatusCode,
            string.Create(CultureInfo.InvariantCulture, $"Upload of '{name}' refused: {(int)driver.LastAdminResponse.StatusCode} {driver.LastAdminBody}"));
    }
}

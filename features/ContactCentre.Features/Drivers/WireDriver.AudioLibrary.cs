using System.Buffers.Binary;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using ContactCentre.Host.Hosting;

namespace ContactCentre.Features.Drivers;

/// <summary>The administrator's side of the audio library: its HTTP API, with the demo's admin token.</summary>
public sealed partial class WireDriver
{
    public HttpResponseMessage? LastAdminResponse { get; private set; }

    public string LastAdminBody { get; private set; } = "";

    /// <summary>The folder the running centre keeps its audio library in.</summary>
    public string AudioLibraryPath => Path.Combine(_dataPath ?? throw new InvalidOperationException("The contact centre is not running."), "audio");

    public Task UploadAudioAsync(string name, byte[] body) =>
        SendAdminAsync(HttpMethod.Put, $"/api/admin/audio/{name}", new ByteArrayContent(body));

    public Task DeleteAudioAsync(string name) => SendAdminAsync(HttpMethod.Delete, $"/api/admin/audio/{name}", null);

    public async Task<JsonElement?> AudioFileAsync(string name)
    {
        await SendAdminAsync(HttpMethod.Get, "/api/admin/audio", null);
        using var list = JsonDocument.Parse(LastAdminBody);
        foreach (var file in list.RootElement.EnumerateArray())
            if (file.GetProperty("name").GetString() == name)
                return file.Clone();
        return null;
    }

    public async Task<byte[]> DownloadAudioAsync(string name)
    {
        await SendAdminAsync(HttpMethod.Get, $"/api/admin/audio/{name}", null);
        Assert.Equal(HttpStatusCode.OK, LastAdminResponse!.StatusCode);
        return await LastAdminResponse.Content.ReadAsByteArrayAsync();
    }

    private async Task SendAdminAsync(HttpMethod method, string path, HttpContent? content)
    {
        using var http = new HttpClient { BaseAddress = Host.WebUri };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", HostSettings.DemoAdminToken);
        using var request = new HttpRequestMessage(method, path) { Content = content };
        LastAdminResponse = await http.SendAsync(request);
        LastAdminBody = await LastAdminResponse.Content.ReadAsStringAsync();
    }

    /// <summary>A PCM 16-bit WAV of a sine tone, as a studio would deliver it (any rate, mono or stereo).</summary>
    public static byte[] ToneWav(double hz, int sampleRate, int channels, TimeSpan length)
    {
        var frames = (int)(sampleRate * length.TotalSeconds);
        var data = frames * channels * 2;
        var wav = new byte[44 + data];
        "RIFF"u8.CopyTo(wav);
        BinaryPrimitives.WriteInt32LittleEndian(wav.AsSpan(4), 36 + data);
        "WAVEfmt "u8.CopyTo(wav.AsSpan(8));
        BinaryPrimitives.WriteInt32LittleEndian(wav.AsSpan(16), 16);
        BinaryPrimitives.WriteInt16LittleEndian(wav.AsSpan(20), 1);
        BinaryPrimitives.WriteInt16LittleEndian(wav.AsSpan(22), (short)channels);
        BinaryPrimitives.WriteInt32LittleEndian(wav.AsSpan(24), sampleRate);
        BinaryPrimitives.WriteInt32LittleEndian(wav.AsSpan(28), sampleRate * channels * 2);
        BinaryPrimitives.WriteInt16LittleEndian(wav.AsSpan(32), (short)(channels * 2));
        BinaryPrimitives.WriteInt16LittleEndian(wav.AsSpan(34), 16);
        "data"u8.CopyTo(wav.AsSpan(36));
        BinaryPrimitives.WriteInt32LittleEndian(wav.AsSpan(40), data);
        for (var i = 0; i < frames; i++)
        {
            var sample = (short)(12000 * Math.Sin(2 * Math.PI * hz * i / sampleRate));
            for (var c = 0; c < channels; c++)
                BinaryPrimitives.WriteInt16LittleEndian(wav.AsSpan(44 + (i * channels + c) * 2), sample);
        }
        return wav;
    }
}

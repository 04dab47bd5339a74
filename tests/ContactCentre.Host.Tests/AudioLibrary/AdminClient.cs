using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace ContactCentre.Host.Tests.AudioLibrary;

/// <summary>An admin's HTTP client for the audio library, with the test host's admin token.</summary>
public sealed class AdminClient : IDisposable
{
    public const string Token = "test-admin-token";
    private readonly HttpClient _http;

    public AdminClient(Uri web, string? token = Token)
    {
        _http = new HttpClient { BaseAddress = web };
        if (token is not null) _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
    }

    public Task<HttpResponseMessage> UploadAsync(string name, byte[] body) =>
        _http.PutAsync($"/api/admin/audio/{name}", new ByteArrayContent(body) { Headers = { ContentType = new MediaTypeHeaderValue("audio/wav") } });

    public Task<HttpResponseMessage> DeleteAsync(string name) => _http.DeleteAsync($"/api/admin/audio/{name}");

    public Task<HttpResponseMessage> RenameAsync(string name, string to) => _http.PostAsJsonAsync($"/api/admin/audio/{name}/rename", new { to });

    public Task<byte[]> DownloadAsync(string name) => _http.GetByteArrayAsync($"/api/admin/audio/{name}");

    public Task<HttpResponseMessage> ListResponseAsync() => _http.GetAsync("/api/admin/audio");

    /// <summary>The library's files by name.</summary>
    public async Task<Dictionary<string, JsonElement>> ListAsync()
    {
        var files = await _http.GetFromJsonAsync<JsonElement>("/api/admin/audio");
        return files.EnumerateArray().ToDictionary(f => f.GetProperty("name").GetString()!);
    }

    public static async Task<JsonElement> ProblemAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public void Dispose() => _http.Dispose();
}

using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace ContactCentre.Host.Tests.Admin;

/// <summary>An administrator talking to the admin API of a running host, with the test's token.</summary>
public sealed class AdminClient : IDisposable
{
    public const string Token = "test-admin-token";
    private readonly HttpClient _http;

    public AdminClient(Uri web, string? token = Token)
    {
        _http = new HttpClient { BaseAddress = web };
        if (token is not null)
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
    }

    public HttpClient Http => _http;

    public Task<HttpResponseMessage> GetAsync(string path) => _http.GetAsync(path);

    public async Task<string> CurrentJsonAsync(string flow)
    {
        using var response = await _http.GetAsync($"/api/admin/flows/{flow}");
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync();
    }

    public async Task<JsonNode> JsonAsync(string path)
    {
        using var response = await _http.GetAsync(path);
        response.EnsureSuccessStatusCode();
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }

    public Task<HttpResponseMessage> SaveAsync(string flow, string json, string user = "alice", string? comment = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, $"/api/admin/flows/{flow}") { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.Add("X-Admin-User", user);
        if (comment is not null) request.Headers.Add("X-Change-Comment", comment);
        return _http.SendAsync(request);
    }

    public Task<HttpResponseMessage> RestoreAsync(string flow, int version, string user = "alice")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/admin/flows/{flow}/versions/{version}/restore");
        request.Headers.Add("X-Admin-User", user);
        return _http.SendAsync(request);
    }

    /// <summary>The demo flow with its welcome message playing <paramref name="prompt"/> instead.</summary>
    public static string WithWelcome(string json, string prompt)
    {
        var flow = JsonNode.Parse(json)!;
        flow["modules"]![0]!["prompts"] = new JsonArray(prompt);
        return flow.ToJsonString();
    }

    public void Dispose() => _http.Dispose();
}

using ContactCentre.Host.Admin;
using ContactCentre.Domain.Configuration;
using Microsoft.AspNetCore.Http.Features;

namespace ContactCentre.Host.AudioLibrary;

/// <summary>The audio library's admin API under /api/admin/audio (docs/audio-library.md).</summary>
public static class AudioLibraryEndpoints
{
    /// <summary>A library file in the API's JSON.</summary>
    public sealed record AudioFileView(string Name, double DurationSeconds, long SizeBytes, DateTimeOffset ChangedAt)
    {
        public static AudioFileView Of(AudioFileInfo f) => new(f.Name, Math.Round(f.Duration.TotalSeconds, 3), f.Size, f.ChangedAt);
    }

    public sealed record RenameRequest(string? To);

    /// <param name="configuration">The running configuration with the flows served now, asked at each change.</param>
    public static void Map(WebApplication app, AudioStore store, Func<ContactCentreConfiguration> configuration, string? adminToken)
    {
        var audio = app.MapGroup("/api/admin/audio").AddEndpointFilter(new AdminToken(adminToken));

        audio.MapGet("", () => Results.Json(store.List().Select(AudioFileView.Of)));

        audio.MapGet("/{name}", (string name) =>
            store.Exists(name)
                ? Results.File(store.PathOf(name), "audio/wav", name + ".wav")
                : NotFound(name));

        audio.MapPut("/{name}", async (string name, HttpContext http) =>
        {
            if (AudioStore.NameFault(name) is { } nameFault) return Refused(400, "Bad audio file name", nameFault);
            var body = await ReadBodyAsync(http);
            if (body is null)
                return Refused(413, "Audio file too large", $"'{name}' is over {AudioStore.MaxBytes} bytes; nothing was stored.");
            var existed = store.Exists(name);
            if (store.Store(name, body, out var stored) is { } fault)
                return Refused(422, "Audio file refused", $"'{name}' was not stored: {fault}.");
            var view = AudioFileView.Of(stored!);
            return existed ? Results.Json(view) : Results.Created($"/api/admin/audio/{name}", view);
        });

        audio.MapPost("/{name}/rename", (string name, RenameRequest request) =>
        {
            if (!store.Exists(name)) return NotFound(name);
            if (AudioStore.NameFault(request.To) is { } fault) return Refused(400, "Bad audio file name", $"Cannot rename '{name}': {fault}.");
            if (InUse(configuration(), name, "renamed") is { } used) return used;
            if (!store.Rename(name, request.To!))
                return Refused(409, "Audio file exists", $"Cannot rename '{name}' to '{request.To}': '{request.To}' already exists.");
            return Results.Json(AudioFileView.Of(store.Info(request.To!)!));
        });

        audio.MapDelete("/{name}", (string name) =>
        {
            if (!store.Exists(name)) return NotFound(name);
            if (InUse(configuration(), name, "deleted") is { } used) return used;
            return store.Delete(name) ? Results.NoContent() : NotFound(name);
        });
    }

    private static IResult? InUse(ContactCentreConfiguration configuration, string name, string change)
    {
        var flows = FlowAudioUsage.FlowsUsing(configuration, name);
        return flows.Count == 0
            ? null
            : Results.Problem(statusCode: 409, title: "Audio file in use",
                detail: $"'{name}' cannot be {change}: flow(s) {string.Join(", ", flows.Select(f => $"'{f}'"))} play it.",
                extensions: new Dictionary<string, object?> { ["flows"] = flows });
    }

    /// <summary>The request body, or null when it is over the library's size limit.</summary>
    private static async Task<byte[]?> ReadBodyAsync(HttpContext http)
    {
        if (http.Request.ContentLength > AudioStore.MaxBytes) return null;
        // Kestrel's default limit (30 MB) is below the library's; the library's own limit applies instead.
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit) limit.MaxRequestBodySize = AudioStore.MaxBytes + 1;
        using var buffer = new MemoryStream();
        try
        {
            await http.Request.Body.CopyToAsync(buffer, http.RequestAborted);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == 413)
        {
            return null;
        }
        return buffer.Length > AudioStore.MaxBytes ? null : buffer.ToArray();
    }

    private static IResult NotFound(string name) => Refused(404, "No such audio file", $"The audio library has no file '{name}'.");

    private static IResult Refused(int status, string title, string detail) => Results.Problem(statusCode: status, title: title, detail: detail);
}

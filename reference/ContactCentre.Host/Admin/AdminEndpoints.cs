using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ContactCentre.Host.Admin;

/// <summary>
/// The admin HTTP API for flows under /api/admin (docs/admin-api.md). Who made a change comes from the X-Admin-User
/// header and why from X-Change-Comment, since the body of a save is the flow's JSON itself.
/// </summary>
public static class AdminEndpoints
{
    public const string UserHeader = "X-Admin-User";
    public const string CommentHeader = "X-Change-Comment";

    public static void Map(WebApplication app, FlowAdministration flows, string? token)
    {
        var admin = app.MapGroup("/api/admin").AddEndpointFilter(new AdminToken(token));

        admin.MapGet("/flows", () => Results.Json(flows.Store.Current().Select(Summary)));

        admin.MapGet("/flows/{name}", (string name, HttpContext http) =>
        {
            if (flows.Store.Current(name) is not { } current) return UnknownFlow(name);
            http.Response.Headers["X-Flow-Version"] = current.Version.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return Results.Text(current.Json, "application/json", Encoding.UTF8);
        });

        admin.MapPut("/flows/{name}", async (string name, HttpContext http) =>
        {
            using var reader = new StreamReader(http.Request.Body, Encoding.UTF8);
            var json = await reader.ReadToEndAsync(http.RequestAborted);
            try
            {
                if (JsonNode.Parse(json) is not JsonObject)
                    return Results.Problem(statusCode: 400, title: "Not a flow", detail: "The body must be one flow as a JSON object.");
            }
            catch (JsonException e)
            {
                return Results.Problem(statusCode: 400, title: "Not valid JSON", detail: $"The body is not valid JSON: {e.Message}");
            }
            if (Author(http) is not { } author) return MissingAuthor();
            var isNew = flows.Store.Current(name) is null;
            return Answer(name, flows.Save(name, json, author, Comment(http)), isNew);
        });

        admin.MapGet("/flows/{name}/versions", (string name) =>
        {
            var versions = flows.Store.Versions(name);
            return versions.Count == 0 ? UnknownFlow(name) : Results.Json(versions.Select(Summary));
        });

        admin.MapGet("/flows/{name}/versions/{version:int}", (string name, int version) =>
            flows.Store.Version(name, version) is { } found
                ? Results.Json(new VersionJson(found.Flow, found.Version, found.ChangedBy, found.ChangedAt, found.Comment, JsonNode.Parse(found.Json)))
                : flows.Store.Current(name) is null ? UnknownFlow(name) : UnknownVersion(name, version));

        admin.MapPost("/flows/{name}/versions/{version:int}/restore", (string name, int version, HttpContext http) =>
            Author(http) is { } author ? Answer(name, flows.Restore(name, version, author, Comment(http)), isNew: false) : MissingAuthor());
    }

    private static IResult Answer(string name, FlowChange change, bool isNew) => change switch
    {
        FlowChange.Saved s when isNew => Results.Created($"/api/admin/flows/{Uri.EscapeDataString(name)}", Saved(s)),
        FlowChange.Saved s => Results.Json(Saved(s)),
        FlowChange.NameMismatch m => Results.Problem(statusCode: 409, title: "Flow name differs",
            detail: $"The URL names flow '{name}' but the body's field 'name' is '{m.NameInBody}'."),
        FlowChange.NotFound n => Results.Problem(statusCode: 404, title: "Not found", detail: n.What),
        FlowChange.Refused r => Results.Problem(statusCode: 422, title: "The flow has errors",
            detail: $"Flow '{name}' was not saved; the version served before keeps serving. "
                + string.Join(" ", r.Validation.Errors.Select(e => e.Message)),
            extensions: new Dictionary<string, object?> { ["errors"] = r.Validation.Errors, ["warnings"] = r.Validation.Warnings }),
        _ => throw new InvalidOperationException($"Unknown flow change {change}."),
    };

    private static SavedJson Saved(FlowChange.Saved s) =>
        new(s.Version.Flow, s.Version.Version, s.Version.ChangedBy, s.Version.ChangedAt, s.Version.Comment, s.Warnings);

    private static VersionSummaryJson Summary(FlowVersion v) => new(v.Flow, v.Version, v.ChangedBy, v.ChangedAt, v.Comment);

    /// <summary>Header values are ASCII; a name or comment in other letters comes percent-encoded as UTF-8.</summary>
    private static string? Header(HttpContext http, string name)
    {
        var value = http.Request.Headers[name].ToString().Trim();
        return value.Length == 0 ? null : Uri.UnescapeDataString(value);
    }

    private static string? Author(HttpContext http) => Header(http, UserHeader);

    private static string? Comment(HttpContext http) => Header(http, CommentHeader);

    private static IResult MissingAuthor() => Results.Problem(statusCode: 400, title: "Who is changing the flow?",
        detail: $"Send the admin user's name in the '{UserHeader}' header; every version records who saved it.");

    private static IResult UnknownFlow(string name) =>
        Results.Problem(statusCode: 404, title: "Unknown flow", detail: $"There is no flow '{name}'.");

    private static IResult UnknownVersion(string name, int version) =>
        Results.Problem(statusCode: 404, title: "Unknown version", detail: $"Flow '{name}' has no version {version}.");

    private sealed record VersionSummaryJson(string Name, int Version, string ChangedBy, DateTimeOffset ChangedAt, string? Comment);

    private sealed record VersionJson(string Name, int Version, string ChangedBy, DateTimeOffset ChangedAt, string? Comment, JsonNode? Flow);

    private sealed record SavedJson(string Name, int Version, string ChangedBy, DateTimeOffset ChangedAt, string? Comment, IReadOnlyList<FlowCheck> Warnings);
}

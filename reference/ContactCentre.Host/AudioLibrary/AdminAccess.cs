using System.Security.Cryptography;
using System.Text;

namespace ContactCentre.Host.AudioLibrary;

/// <summary>
/// The admin API's check: "Authorization: Bearer &lt;Admin:Token&gt;". With no token configured the admin API is
/// closed (403) rather than open, so a forgotten setting never exposes it.
/// </summary>
public static class AdminAccess
{
    public static RouteGroupBuilder RequireAdminToken(this RouteGroupBuilder group, string? token) =>
        group.AddEndpointFilter(async (context, next) =>
            Refusal(context.HttpContext, token) ?? await next(context));

    private static IResult? Refusal(HttpContext http, string? token)
    {
        if (string.IsNullOrEmpty(token))
            return Results.Problem(statusCode: 403, title: "Admin API closed", detail: "No admin token is configured (setting Admin:Token).");
        var header = http.Request.Headers.Authorization.ToString();
        const string scheme = "Bearer ";
        if (!header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
        {
            http.Response.Headers.WWWAuthenticate = "Bearer";
            return Results.Problem(statusCode: 401, title: "Admin token required", detail: "Send 'Authorization: Bearer <Admin:Token>'.");
        }
        // Constant-time comparison, so the token cannot be guessed byte by byte from response times.
        var given = Encoding.UTF8.GetBytes(header[scheme.Length..].Trim());
        if (!CryptographicOperations.FixedTimeEquals(given, Encoding.UTF8.GetBytes(token)))
            return Results.Problem(statusCode: 403, title: "Wrong admin token", detail: "The bearer token is not the configured Admin:Token.");
        return null;
    }
}

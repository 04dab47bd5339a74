using System.Security.Cryptography;
using System.Text;

namespace ContactCentre.Host.Admin;

/// <summary>
/// Lets through only requests carrying "Authorization: Bearer &lt;Admin:Token&gt;". With no token configured the admin
/// API refuses everything, rather than being open.
/// </summary>
public sealed class AdminToken(string? token) : IEndpointFilter
{
    private readonly byte[]? _expected = string.IsNullOrEmpty(token) ? null : Encoding.UTF8.GetBytes(token);

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (_expected is null)
            return Refuse(http, "The admin API is off: set the Admin:Token setting and send it as 'Authorization: Bearer <token>'.");
        var header = http.Request.Headers.Authorization.ToString();
        const string scheme = "Bearer ";
        if (!header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
            return Refuse(http, "Send the admin token as 'Authorization: Bearer <token>'.");
        // Constant-time, so the token cannot be guessed a character at a time from response times.
        if (!CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(header[scheme.Length..].Trim()), _expected))
            return Refuse(http, "The admin token is not the one configured in Admin:Token.");
        return await next(context);
    }

    private static IResult Refuse(HttpContext http, string detail)
    {
        // RFC 6750 §3: a 401 names the scheme the client should use.
        http.Response.Headers.WWWAuthenticate = "Bearer realm=\"admin\"";
        return Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Admin token required", detail: detail);
    }
}

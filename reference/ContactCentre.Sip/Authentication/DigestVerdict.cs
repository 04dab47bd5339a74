namespace ContactCentre.Sip;

/// <summary>The outcome of checking a request's credentials.</summary>
public sealed record DigestVerdict
{
    private DigestVerdict(string? username, int statusCode, string reason, IReadOnlyList<KeyValuePair<string, string>> headers)
    {
        Username = username;
        StatusCode = statusCode;
        Reason = reason;
        Headers = headers;
    }

    /// <summary>The authenticated user name; null when the request must be answered with <see cref="StatusCode"/>.</summary>
    public string? Username { get; }

    public bool Authenticated => Username is not null;

    /// <summary>401, 407 or 400 when not authenticated; 0 when authenticated.</summary>
    public int StatusCode { get; }

    public string Reason { get; }

    /// <summary>The challenge headers to put in the response (one per algorithm offered).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; }

    internal static DigestVerdict Accept(string username) => new(username, 0, "", []);

    internal static DigestVerdict Respond(int statusCode, string reason, IReadOnlyList<KeyValuePair<string, string>> headers) =>
        new(null, statusCode, reason, headers);
}

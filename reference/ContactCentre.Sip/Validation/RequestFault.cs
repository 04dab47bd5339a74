namespace ContactCentre.Sip;

/// <summary>Why a received request is refused: the status and reason to answer with, and any header the answer needs.</summary>
public sealed record RequestFault(int Status, string Reason, IReadOnlyList<KeyValuePair<string, string>> Headers)
{
    public RequestFault(int status, string reason) : this(status, reason, [])
    {
    }

    public static RequestFault BadRequest(string reason) => new(400, reason);
}

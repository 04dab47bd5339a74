namespace ContactCentre.Sip;

/// <summary>
/// What a user agent answers 401/407 challenges with (RFC 3261 §22.2, §22.3). With a <see cref="Realm"/> it only
/// answers challenges from that realm, so the password is not offered to any server that asks.
/// </summary>
public sealed record SipCredentials(string Username, string Password, string? Realm = null)
{
    public override string ToString() => $"SipCredentials {{ Username = {Username}, Realm = {Realm ?? "*"} }}";
}

namespace ContactCentre.Sip;

/// <summary>Where the registrar and the call core find a SIP user's password (an agent's phone, a trunk peer).</summary>
public interface ISipCredentialStore
{
    /// <summary>The password of <paramref name="username"/> in <paramref name="realm"/>, or null for an unknown user.</summary>
    string? FindPassword(string username, string realm);
}

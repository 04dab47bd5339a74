namespace ContactCentre.Sip;

/// <summary>Which of the two challenge forms of RFC 3261 §22 a server uses.</summary>
public enum DigestChallengeKind
{
    /// <summary>401 Unauthorized with WWW-Authenticate, answered in Authorization (registrars, UAS).</summary>
    UserAgent,

    /// <summary>407 Proxy Authentication Required with Proxy-Authenticate, answered in Proxy-Authorization.</summary>
    Proxy,
}

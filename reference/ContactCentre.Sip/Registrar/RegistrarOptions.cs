namespace ContactCentre.Sip;

/// <summary>Expiry limits of a <see cref="Registrar"/> (RFC 3261 §10.2.1.1, §10.3 step 7).</summary>
public sealed record RegistrarOptions
{
    /// <summary>Shorter requested intervals get 423 Interval Too Brief with this as Min-Expires.</summary>
    public TimeSpan MinExpires { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Longer requested intervals are cut to this.</summary>
    public TimeSpan MaxExpires { get; init; } = TimeSpan.FromHours(2);

    /// <summary>Used when neither the contact nor the request gives an expiry.</summary>
    public TimeSpan DefaultExpires { get; init; } = TimeSpan.FromHours(1);

    /// <summary>
    /// The domains (host names or IP addresses) this registrar holds bindings for; a REGISTER whose Request-URI
    /// names another gets 404 (RFC 3261 §10.3 step 1). Empty, the default, accepts any.
    /// </summary>
    public IReadOnlyCollection<string> Domains { get; init; } = [];
}

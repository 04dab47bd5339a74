namespace ContactCentre.Sip;

/// <summary>
/// An outbound registration with a carrier (RFC 3261 §10.2): our AOR at the carrier, the contact user we
/// want calls for, and the interval we ask for.
/// </summary>
/// <param name="AddressOfRecord">Our AOR at the carrier, e.g. "sip:4420799900@carrier.example"; also the To and From.</param>
/// <param name="ContactUser">User part of our Contact, e.g. the service number the carrier routes to us.</param>
public sealed record TrunkRegistration(string AddressOfRecord, string ContactUser)
{
    /// <summary>The registrar's Request-URI; by default the AOR's domain (RFC 3261 §10.2: sip:domain).</summary>
    public string? RegistrarUri { get; init; }

    public TimeSpan Expires { get; init; } = TimeSpan.FromHours(1);

    /// <summary>Refresh this long before the granted interval runs out (never later than half way).</summary>
    public TimeSpan RefreshMargin { get; init; } = TimeSpan.FromSeconds(30);
}

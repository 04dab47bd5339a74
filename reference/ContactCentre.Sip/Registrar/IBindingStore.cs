namespace ContactCentre.Sip;

/// <summary>
/// Where a <see cref="Registrar"/> keeps its bindings (RFC 3261 §10.3), so they can outlive the process. Expiry
/// is the absolute <see cref="RegisteredContact.ExpiresAt"/>: a restart neither extends nor shortens a binding.
/// The registrar serialises its calls; a store need not be thread-safe against itself.
/// </summary>
public interface IBindingStore
{
    /// <summary>The bindings stored for a canonical AOR, expired ones included (the registrar filters by time).</summary>
    IReadOnlyList<RegisteredContact> Get(string addressOfRecord);

    /// <summary>Replaces the AOR's bindings; an empty list removes the AOR.</summary>
    void Put(string addressOfRecord, IReadOnlyList<RegisteredContact> bindings);
}

namespace ContactCentre.Sip;

/// <summary>The response a <see cref="Registrar"/> gives to a REGISTER, and the bindings it now holds for the AOR.</summary>
public sealed record RegistrationOutcome(int StatusCode, string Reason, IReadOnlyList<KeyValuePair<string, string>> Headers)
{
    public string? AddressOfRecord { get; init; }

    public IReadOnlyList<RegisteredContact> Contacts { get; init; } = [];

    public bool Succeeded => StatusCode is >= 200 and < 300;
}

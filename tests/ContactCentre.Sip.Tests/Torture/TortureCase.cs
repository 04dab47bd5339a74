using ContactCentre.Sip.Fuzz;

namespace ContactCentre.Sip.Tests;

/// <summary>
/// One RFC 4475 message and what this user agent does with it. <see cref="Status"/> null means the request is
/// served (or the response accepted); <see cref="Dropped"/> means no answer is possible or wanted.
/// </summary>
public sealed record TortureCase(string Name, string Section, int? Status = null, string? Reason = null, bool Dropped = false)
{
    public byte[] Bytes => File.ReadAllBytes(Path.Combine(TortureCorpus.FindDirectory(), Name + ".dat"));

    public bool IsResponse => Bytes.AsSpan().StartsWith("SIP/"u8);

    public override string ToString() => $"{Section} {Name}";
}

using ContactCentre.Sip.Fuzz;

namespace ContactCentre.Sip.Tests;

/// <summary>
/// One RFC 5118 IPv6 message and what this user agent does with it. <see cref="Status"/> null means the request is
/// served; otherwise the validator refuses it with that status and a reason containing <see cref="Reason"/>.
/// </summary>
public sealed record Ipv6TortureCase(string Name, string Section, int? Status = null, string? Reason = null)
{
    public static string Directory => Path.Combine(TortureCorpus.FindDirectory(), "rfc5118");

    public byte[] Bytes => File.ReadAllBytes(Path.Combine(Directory, Name + ".dat"));

    public override string ToString() => $"{Section} {Name}";
}

using System.Security.Cryptography;
using System.Text;
using ContactCentre.Domain.Configuration;

namespace ContactCentre.Host.Desktop;

/// <summary>
/// Checks a desktop <c>login</c>'s password against the agent's configured one (<see cref="AgentDefinition.DesktopLoginPassword"/>:
/// "desktopPassword", else "sipPassword"), in constant time, and alike for an unknown agent or one without a password,
/// so that neither the reply nor its timing tells which agent ids exist.
/// </summary>
public sealed class DesktopCredentials(IReadOnlyDictionary<string, AgentDefinition> agents)
{
    // Compared when the agent is unknown or has no password, so that every refusal costs the same work.
    private static readonly byte[] Nobody = SHA256.HashData(RandomNumberGenerator.GetBytes(32));

    /// <summary>Null when <paramref name="password"/> is the agent's; else why not, for the server's log only.</summary>
    public string? Refusal(string agent, string password)
    {
        var known = agents.TryGetValue(agent, out var definition);
        var expected = definition?.DesktopLoginPassword;
        // Hashes have one length, so FixedTimeEquals does not end early on a length difference either.
        var matches = CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(password)),
            expected is null ? Nobody : SHA256.HashData(Encoding.UTF8.GetBytes(expected)));
        if (!known) return $"unknown agent '{agent}'";
        if (expected is null) return $"agent '{agent}' has neither 'desktopPassword' nor 'sipPassword' in the configuration";
        return matches ? null : $"wrong password for agent '{agent}'";
    }
}

using System.Collections.Concurrent;

namespace ContactCentre.Sip;

/// <summary>Passwords held in memory, one per user name, valid in every realm (configuration and tests).</summary>
public sealed class InMemorySipCredentialStore : ISipCredentialStore
{
    private readonly ConcurrentDictionary<string, string> _passwords = new(StringComparer.Ordinal);

    public InMemorySipCredentialStore()
    {
    }

    public InMemorySipCredentialStore(IEnumerable<KeyValuePair<string, string>> passwords)
    {
        ArgumentNullException.ThrowIfNull(passwords);
        foreach (var (username, password) in passwords)
        {
            Set(username, password);
        }
    }

    public void Set(string username, string password) => _passwords[username] = password;

    public bool Remove(string username) => _passwords.TryRemove(username, out _);

    public string? FindPassword(string username, string realm) =>
        _passwords.TryGetValue(username, out var password) ? password : null;
}

using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace ContactCentre.Sip;

/// <summary>URI and header parameters: names case-insensitive (RFC 3261 §19.1.4), order kept for re-serialising.</summary>
internal sealed class OrderedParameters : IReadOnlyDictionary<string, string?>
{
    private readonly List<KeyValuePair<string, string?>> _items = [];

    public OrderedParameters()
    {
    }

    public OrderedParameters(IEnumerable<KeyValuePair<string, string?>> items)
    {
        foreach (var (key, value) in items)
        {
            this[key] = value;
        }
    }

    public string? this[string key]
    {
        get => TryGetValue(key, out var value) ? value : throw new KeyNotFoundException(key);
        set
        {
            var index = _items.FindIndex(i => string.Equals(i.Key, key, StringComparison.OrdinalIgnoreCase));
            if (index >= 0)
            {
                _items[index] = new(key, value);
            }
            else
            {
                _items.Add(new(key, value));
            }
        }
    }

    public IEnumerable<string> Keys => _items.Select(i => i.Key);

    public IEnumerable<string?> Values => _items.Select(i => i.Value);

    public int Count => _items.Count;

    public bool ContainsKey(string key) => TryGetValue(key, out _);

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out string? value)
    {
        foreach (var item in _items)
        {
            if (string.Equals(item.Key, key, StringComparison.OrdinalIgnoreCase))
            {
                value = item.Value;
                return true;
            }
        }
        value = null;
        return false;
    }

    public IEnumerator<KeyValuePair<string, string?>> GetEnumerator() => _items.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}

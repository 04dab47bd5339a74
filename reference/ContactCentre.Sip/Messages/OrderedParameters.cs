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
            var index = IndexOf(key);
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
        var index = IndexOf(key);
        value = index >= 0 ? _items[index].Value : null;
        return index >= 0;
    }

    // A plain loop: parameters are looked up on every message, and a lambda would allocate a closure each time.
    private int IndexOf(string key)
    {
        for (var i = 0; i < _items.Count; i++)
        {
            if (string.Equals(_items[i].Key, key, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }
        return -1;
    }

    public IEnumerator<KeyValuePair<string, string?>> GetEnumerator() => _items.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}

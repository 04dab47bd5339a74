using System.Collections;

namespace ContactCentre.Sip;

/// <summary>
/// Ordered SIP header fields. Names compare case-insensitively and compact forms are stored under
/// their full names (RFC 3261 §7.3.3).
/// </summary>
public sealed class SipHeaders : IEnumerable<KeyValuePair<string, string>>
{
    private readonly List<KeyValuePair<string, string>> _fields = [];

    public int Count => _fields.Count;

    /// <summary>The first value of the header, or null.</summary>
    public string? this[string name]
    {
        get
        {
            name = HeaderNames.Normalize(name);
            foreach (var field in _fields)
            {
                if (string.Equals(field.Key, name, StringComparison.OrdinalIgnoreCase))
                {
                    return field.Value;
                }
            }
            return null;
        }
    }

    public bool Contains(string name) => this[name] is not null;

    public IReadOnlyList<string> GetAll(string name)
    {
        name = HeaderNames.Normalize(name);
        var values = new List<string>();
        foreach (var field in _fields)
        {
            if (string.Equals(field.Key, name, StringComparison.OrdinalIgnoreCase))
            {
                values.Add(field.Value);
            }
        }
        return values;
    }

    public void Add(string name, string value) =>
        _fields.Add(new(HeaderNames.Normalize(name), value));

    /// <summary>Replaces every value of the header by one, keeping the first one's position.</summary>
    public void Set(string name, string value)
    {
        name = HeaderNames.Normalize(name);
        var index = _fields.FindIndex(f => string.Equals(f.Key, name, StringComparison.OrdinalIgnoreCase));
        if (index < 0)
        {
            _fields.Add(new(name, value));
            return;
        }
        _fields.RemoveAll(f => string.Equals(f.Key, name, StringComparison.OrdinalIgnoreCase));
        _fields.Insert(Math.Min(index, _fields.Count), new(name, value));
    }

    public bool Remove(string name)
    {
        name = HeaderNames.Normalize(name);
        return _fields.RemoveAll(f => string.Equals(f.Key, name, StringComparison.OrdinalIgnoreCase)) > 0;
    }

    /// <summary>Adds a value in front of all others (a new top Via).</summary>
    internal void Prepend(string name, string value) =>
        _fields.Insert(0, new(HeaderNames.Normalize(name), value));

    /// <summary>Replaces the first value of a header (used to stamp received/rport on the top Via).</summary>
    internal void ReplaceFirst(string name, string value)
    {
        name = HeaderNames.Normalize(name);
        var index = _fields.FindIndex(f => string.Equals(f.Key, name, StringComparison.OrdinalIgnoreCase));
        if (index >= 0)
        {
            _fields[index] = new(name, value);
        }
    }

    /// <summary>Adds a parsed header line, splitting list headers on commas outside quotes and brackets.</summary>
    internal void AddParsed(string name, string value)
    {
        name = HeaderNames.Normalize(name);
        if (!HeaderNames.IsList(name) || value.Trim() == "*")
        {
            Add(name, value);
            return;
        }
        foreach (var part in SplitList(value))
        {
            Add(name, part);
        }
    }

    internal static List<string> SplitList(string value)
    {
        var parts = new List<string>();
        var inQuotes = false;
        var depth = 0;
        var start = 0;
        for (var i = 0; i < value.Length; i++)
        {
            var ch = value[i];
            if (inQuotes)
            {
                if (ch == '\\')
                {
                    i++;
                }
                else if (ch == '"')
                {
                    inQuotes = false;
                }
                continue;
            }
            switch (ch)
            {
                case '"': inQuotes = true; break;
                case '<': depth++; break;
                case '>': depth = Math.Max(0, depth - 1); break;
                case ',' when depth == 0:
                    AddPart(parts, value[start..i]);
                    start = i + 1;
                    break;
            }
        }
        AddPart(parts, value[start..]);
        return parts;
    }

    private static void AddPart(List<string> parts, string part)
    {
        part = part.Trim();
        if (part.Length > 0)
        {
            parts.Add(part);
        }
    }

    public IEnumerator<KeyValuePair<string, string>> GetEnumerator() => _fields.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}

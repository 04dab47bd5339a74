using System.Collections;
using System.Text;

namespace ContactCentre.Sip;

/// <summary>
/// Ordered SIP header fields. Names compare case-insensitively and compact forms are stored under
/// their full names (RFC 3261 §7.3.3).
/// </summary>
/// <remarks>
/// A parsed message keeps its header section as received and each field as a pair of byte ranges into it; a name
/// or value becomes a string only when someone asks for it. A header the stack never inspects therefore costs no
/// allocation beyond its slot in the field table.
/// </remarks>
public sealed class SipHeaders : IEnumerable<KeyValuePair<string, string>>
{
    private Field[] _fields;
    private int _count;
    private readonly byte[]? _source;

    public SipHeaders()
    {
        _fields = [];
    }

    /// <summary>Headers that point into <paramref name="source"/>, the received header section.</summary>
    internal SipHeaders(byte[] source, int capacity)
    {
        _source = source;
        _fields = new Field[capacity];
    }

    public int Count => _count;

    /// <summary>The first value of the header, or null.</summary>
    public string? this[string name]
    {
        get
        {
            name = HeaderNames.Normalize(name);
            var index = IndexOf(name, 0);
            return index < 0 ? null : ValueOf(index);
        }
    }

    public bool Contains(string name) => IndexOf(HeaderNames.Normalize(name), 0) >= 0;

    /// <summary>How many values the header has, without decoding any of them.</summary>
    public int CountOf(string name)
    {
        name = HeaderNames.Normalize(name);
        var count = 0;
        for (var index = IndexOf(name, 0); index >= 0; index = IndexOf(name, index + 1))
        {
            count++;
        }
        return count;
    }

    public IReadOnlyList<string> GetAll(string name)
    {
        name = HeaderNames.Normalize(name);
        var index = IndexOf(name, 0);
        if (index < 0)
        {
            return [];
        }
        var values = new List<string>();
        for (; index >= 0; index = IndexOf(name, index + 1))
        {
            values.Add(ValueOf(index));
        }
        return values;
    }

    public void Add(string name, string value) => Insert(_count, Field.Of(HeaderNames.Normalize(name), value));

    /// <summary>Replaces every value of the header by one, keeping the first one's position.</summary>
    public void Set(string name, string value)
    {
        name = HeaderNames.Normalize(name);
        var index = IndexOf(name, 0);
        if (index < 0)
        {
            Insert(_count, Field.Of(name, value));
            return;
        }
        _fields[index] = Field.Of(name, value);
        RemoveFrom(name, index + 1);
    }

    public bool Remove(string name) => RemoveFrom(HeaderNames.Normalize(name), 0) > 0;

    /// <summary>Adds a value in front of all others (a new top Via).</summary>
    internal void Prepend(string name, string value) => Insert(0, Field.Of(HeaderNames.Normalize(name), value));

    /// <summary>Replaces the first value of a header (used to stamp received/rport on the top Via).</summary>
    internal void ReplaceFirst(string name, string value)
    {
        name = HeaderNames.Normalize(name);
        var index = IndexOf(name, 0);
        if (index >= 0)
        {
            _fields[index] = Field.Of(name, value);
        }
    }

    /// <summary>
    /// Adds a received field by its byte ranges in the source. <paramref name="name"/> is the canonical name when the
    /// header is one the stack knows, else null and the received spelling is kept. <paramref name="folded"/> says the
    /// value spans a line fold, which reads as one space (RFC 3261 §7.3.1).
    /// </summary>
    internal void AddReceived(string? name, int nameStart, int nameLength, int valueStart, int valueLength, bool folded) =>
        Insert(_count, new Field
        {
            Name = name, NameStart = nameStart, NameLength = nameLength,
            ValueStart = valueStart, ValueLength = valueLength, Folded = folded,
        });

    private void Insert(int position, Field field)
    {
        if (_count == _fields.Length)
        {
            Array.Resize(ref _fields, Math.Max(8, _count * 2));
        }
        Array.Copy(_fields, position, _fields, position + 1, _count - position);
        _fields[position] = field;
        _count++;
    }

    private int RemoveFrom(string name, int start)
    {
        var kept = start;
        for (var i = start; i < _count; i++)
        {
            if (!NameIs(i, name))
            {
                _fields[kept++] = _fields[i];
            }
        }
        var removed = _count - kept;
        Array.Clear(_fields, kept, removed);
        _count = kept;
        return removed;
    }

    private int IndexOf(string canonicalName, int start)
    {
        for (var i = start; i < _count; i++)
        {
            if (NameIs(i, canonicalName))
            {
                return i;
            }
        }
        return -1;
    }

    private bool NameIs(int index, string canonicalName)
    {
        ref readonly var field = ref _fields[index];
        if (field.Name is { } known)
        {
            return string.Equals(known, canonicalName, StringComparison.OrdinalIgnoreCase);
        }
        // An unknown name received on the wire: compare its bytes without decoding them.
        var raw = _source.AsSpan(field.NameStart, field.NameLength);
        if (raw.Length != canonicalName.Length)
        {
            return false;
        }
        for (var i = 0; i < raw.Length; i++)
        {
            if (char.ToLowerInvariant((char)raw[i]) != char.ToLowerInvariant(canonicalName[i]))
            {
                return false;
            }
        }
        return true;
    }

    internal string NameOf(int index)
    {
        ref var field = ref _fields[index];
        return field.Name ??= Encoding.UTF8.GetString(_source.AsSpan(field.NameStart, field.NameLength));
    }

    internal string ValueOf(int index)
    {
        ref var field = ref _fields[index];
        return field.Value ??= Decode(_source.AsSpan(field.ValueStart, field.ValueLength), field.Folded);
    }

    /// <summary>The field's value as bytes when it was received unchanged and unfolded; serialising copies them as they are.</summary>
    internal bool TryGetReceived(int index, out ReadOnlySpan<byte> name, out ReadOnlySpan<byte> value)
    {
        ref readonly var field = ref _fields[index];
        if (_source is null || field.Value is not null || field.Folded)
        {
            name = value = default;
            return false;
        }
        name = field.Name is null ? _source.AsSpan(field.NameStart, field.NameLength) : default;
        value = _source.AsSpan(field.ValueStart, field.ValueLength);
        return true;
    }

    /// <summary>Most bytes the field can take in UTF-8, name and value.</summary>
    internal int SizeBound(int index)
    {
        ref readonly var field = ref _fields[index];
        return (field.Name?.Length * 3 ?? field.NameLength) + (field.Value?.Length * 3 ?? field.ValueLength);
    }

    internal bool IsContentLength(int index) => NameIs(index, HeaderNames.ContentLength);

    /// <summary>A fold (optional whitespace, a line end, whitespace) counts as one space (RFC 3261 §7.3.1).</summary>
    private static string Decode(ReadOnlySpan<byte> bytes, bool folded)
    {
        var text = Encoding.UTF8.GetString(bytes);
        if (!folded)
        {
            return text;
        }
        var unfolded = new StringBuilder(text.Length);
        var i = 0;
        while (i < text.Length)
        {
            var ch = text[i];
            if (ch is '\r' or '\n')
            {
                while (unfolded.Length > 0 && unfolded[^1] is ' ' or '\t')
                {
                    unfolded.Length--;
                }
                while (i < text.Length && text[i] is '\r' or '\n' or ' ' or '\t')
                {
                    i++;
                }
                unfolded.Append(' ');
                continue;
            }
            unfolded.Append(ch);
            i++;
        }
        return unfolded.ToString();
    }

    /// <summary>
    /// Appends the trimmed, non-empty elements of a comma list (commas outside quotes and angle brackets,
    /// RFC 3261 §7.3.1) to <paramref name="elements"/> as (start, length) ranges.
    /// </summary>
    internal static void ListElements(ReadOnlySpan<byte> value, List<(int Start, int Length)> elements)
    {
        var inQuotes = false;
        var depth = 0;
        var start = 0;
        for (var i = 0; i < value.Length; i++)
        {
            var ch = value[i];
            if (inQuotes)
            {
                if (ch == (byte)'\\')
                {
                    i++;
                }
                else if (ch == (byte)'"')
                {
                    inQuotes = false;
                }
                continue;
            }
            switch (ch)
            {
                case (byte)'"': inQuotes = true; break;
                case (byte)'<': depth++; break;
                case (byte)'>': depth = Math.Max(0, depth - 1); break;
                case (byte)',' when depth == 0:
                    AddElement(value, start, i, elements);
                    start = i + 1;
                    break;
            }
        }
        AddElement(value, start, value.Length, elements);
    }

    private static void AddElement(ReadOnlySpan<byte> value, int start, int end, List<(int, int)> elements)
    {
        while (start < end && IsWhitespace(value[start]))
        {
            start++;
        }
        while (end > start && IsWhitespace(value[end - 1]))
        {
            end--;
        }
        if (end > start)
        {
            elements.Add((start, end - start));
        }
    }

    internal static bool IsWhitespace(byte ch) => ch is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n';

    public IEnumerator<KeyValuePair<string, string>> GetEnumerator()
    {
        for (var i = 0; i < _count; i++)
        {
            yield return new(NameOf(i), ValueOf(i));
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>One header field: strings once known, else byte ranges into the received header section.</summary>
    private struct Field
    {
        public string? Name;
        public string? Value;
        public int NameStart;
        public int NameLength;
        public int ValueStart;
        public int ValueLength;
        public bool Folded;

        public static Field Of(string name, string value) => new() { Name = name, Value = value };
    }
}

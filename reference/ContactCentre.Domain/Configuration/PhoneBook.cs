namespace ContactCentre.Domain.Configuration;

/// <summary>A contact agents can call or transfer to by name (the configuration's "phoneBook").</summary>
public sealed record PhoneBookEntry(string Name, string Number);

/// <summary>
/// The contact centre's shared phone book: the desktop lists and searches it, and an outbound call, a transfer or a
/// consultation may name a contact instead of a number. Names are unique, compared without case.
/// </summary>
public sealed class PhoneBook
{
    private readonly Dictionary<string, PhoneBookEntry> _byName;

    public PhoneBook(IEnumerable<PhoneBookEntry> entries)
    {
        Entries = entries.OrderBy(e => e.Name, StringComparer.OrdinalIgnoreCase).ToList();
        _byName = Entries.ToDictionary(e => e.Name, StringComparer.OrdinalIgnoreCase);
    }

    public static PhoneBook Empty { get; } = new([]);

    /// <summary>Every entry, by name.</summary>
    public IReadOnlyList<PhoneBookEntry> Entries { get; }

    /// <summary>The entry of that name (any case), or null.</summary>
    public PhoneBookEntry? Find(string name) => _byName.GetValueOrDefault(name.Trim());

    /// <summary>
    /// Entries whose name contains <paramref name="text"/> (any case) or whose number contains its digits, by name, at most
    /// <paramref name="max"/>; empty text lists the first <paramref name="max"/>.
    /// </summary>
    public IReadOnlyList<PhoneBookEntry> Search(string? text, int max)
    {
        var wanted = text?.Trim() ?? "";
        var digits = new string(wanted.Where(char.IsAsciiDigit).ToArray());
        return Entries
            .Where(e => wanted.Length == 0
                || e.Name.Contains(wanted, StringComparison.OrdinalIgnoreCase)
                || (digits.Length > 0 && digits.Length == wanted.TrimStart('+').Length && e.Number.Contains(digits, StringComparison.Ordinal)))
            .Take(max)
            .ToList();
    }

    /// <summary>Why a number cannot be dialled (null when it can): digits with an optional leading +, at most 20.</summary>
    public static string? NumberRefusal(string number) =>
        number.Length == 0 ? "is empty"
        : number.Length > 20 ? "is longer than 20 characters"
        : number.Select((c, i) => char.IsAsciiDigit(c) || (c == '+' && i == 0)).All(ok => ok) ? null
        : $"'{number}' is not a phone number (digits, optionally a leading +)";
}

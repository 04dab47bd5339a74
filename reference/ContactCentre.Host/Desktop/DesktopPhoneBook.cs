using System.Text.Json;
using ContactCentre.Domain.Configuration;

namespace ContactCentre.Host.Desktop;

/// <summary>
/// The desktop protocol's phone book (docs/agent-protocol.md, "Phone book"): <c>phoneBook</c> lists or searches the
/// contacts, and a call, transfer or consultation may name a contact ({"contact": "Partner support"}) for its number.
/// </summary>
public static class DesktopPhoneBook
{
    /// <summary>Entries a reply holds at most; a search narrows a bigger book.</summary>
    public const int MaxEntries = 50;

    /// <summary>The reply to <c>{"type":"phoneBook"}</c>, with an optional text field <c>search</c>; or an error.</summary>
    public static string Reply(JsonElement message, PhoneBook book)
    {
        string? search = null;
        if (message.TryGetProperty("search", out var s))
        {
            if (s.ValueKind != JsonValueKind.String)
                return JsonSerializer.Serialize(new { type = "error", message = "phoneBook: field 'search' must be text (part of a name or number)" });
            search = s.GetString();
        }
        var entries = book.Search(search, MaxEntries + 1);
        return JsonSerializer.Serialize(new
        {
            type = "phoneBook",
            search,
            entries = entries.Take(MaxEntries).Select(e => new { name = e.Name, number = e.Number }),
            more = entries.Count > MaxEntries,
        });
    }

    /// <summary>The number of the contact a target names, or the error naming the field.</summary>
    public static (string? Number, string? Error) Contact(string type, string field, JsonElement value, PhoneBook book)
    {
        if (value.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(value.GetString()))
            return (null, $"{type}: field '{field}' must be a contact's name from the phone book");
        return book.Find(value.GetString()!) is { } entry
            ? (entry.Number, null)
            : (null, $"{type}: field '{field}' names '{value.GetString()}', which is not in the phone book");
    }
}

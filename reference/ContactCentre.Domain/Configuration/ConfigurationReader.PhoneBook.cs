using System.Text.Json.Nodes;

namespace ContactCentre.Domain.Configuration;

/// <summary>The optional "phoneBook": a list of { "name", "number" } contacts.</summary>
public static partial class ConfigurationReader
{
    private static PhoneBook ReadPhoneBook(JsonNode root)
    {
        if (root["phoneBook"] is null) return PhoneBook.Empty;
        var entries = new List<PhoneBookEntry>();
        var index = 0;
        foreach (var node in Array(root, "phoneBook", "configuration"))
        {
            index++;
            var name = Text(node, "name", $"phoneBook entry {index}").Trim();
            var number = Text(node, "number", $"phoneBook entry '{name}'").Trim();
            if (PhoneBook.NumberRefusal(number) is { } why)
                throw new ConfigurationException($"PhoneBook entry '{name}': field 'number' {why}.");
            if (entries.Any(e => string.Equals(e.Name, name, StringComparison.OrdinalIgnoreCase)))
                throw new ConfigurationException($"PhoneBook: the name '{name}' is used twice (names are compared without case).");
            entries.Add(new PhoneBookEntry(name, number));
        }
        return new PhoneBook(entries);
    }
}

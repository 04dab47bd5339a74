using System.Globalization;

namespace ContactCentre.Load;

/// <summary>Options as <c>--name value</c> pairs; a name without a value is a flag.</summary>
public sealed class CommandLine
{
    private readonly Dictionary<string, string?> _values;

    private CommandLine(Dictionary<string, string?> values) => _values = values;

    public static CommandLine Parse(IEnumerable<string> args)
    {
        var values = new Dictionary<string, string?>(StringComparer.Ordinal);
        string? name = null;
        foreach (var arg in args)
        {
            if (arg.StartsWith("--", StringComparison.Ordinal))
            {
                name = arg;
                values[name] = null;
            }
            else if (name is not null && values[name] is null)
            {
                values[name] = arg;
            }
            else
            {
                throw new ArgumentException($"unexpected argument '{arg}'");
            }
        }

        return new CommandLine(values);
    }

    public bool Has(string name) => _values.ContainsKey(name);

    public int Int(string name, int fallback)
    {
        if (!_values.TryGetValue(name, out var text) || text is null)
        {
            return fallback;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0
            ? value
            : throw new ArgumentException($"{name} wants a positive whole number, not '{text}'");
    }

    public string Text(string name, string fallback) => _values.TryGetValue(name, out var text) && text is not null ? text : fallback;

    public TimeSpan Seconds(string name, int fallback) => TimeSpan.FromSeconds(Int(name, fallback));

    public IReadOnlyList<int> Rates(string name, IReadOnlyList<int> fallback)
    {
        if (!_values.TryGetValue(name, out var text) || text is null)
        {
            return fallback;
        }

        return text.Split(',').Select(rate => int.TryParse(rate, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0
            ? value
            : throw new ArgumentException($"{name} wants rates like 250,500,1000, not '{text}'")).ToList();
    }
}

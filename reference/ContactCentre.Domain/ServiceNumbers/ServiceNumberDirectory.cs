using ContactCentre.Domain.Configuration;

namespace ContactCentre.Domain.ServiceNumbers;

/// <summary>
/// Every number the contact centre answers, service numbers and aliases, and the flow each leads to.
/// A call carries several candidate numbers; the caller of <see cref="Find"/> decides their order.
/// </summary>
public sealed class ServiceNumberDirectory
{
    private readonly Dictionary<ServiceNumber, ServiceNumberEntry> _byNumber = [];

    /// <summary>Throws <see cref="ConfigurationException"/> naming both entries when a number is listed twice.</summary>
    public ServiceNumberDirectory(IEnumerable<ServiceNumberEntry> entries, string region)
    {
        Region = region;
        Entries = entries.ToList();
        foreach (var entry in Entries)
        {
            foreach (var (number, isAlias) in entry.Aliases.Select(a => (a, true)).Prepend((entry.Number, false)))
            {
                if (_byNumber.TryGetValue(number, out var earlier))
                    throw new ConfigurationException(
                        $"Service number '{entry.Number}': {(isAlias ? $"alias {number}" : "the number")} is already "
                        + (number == earlier.Number ? $"service number '{earlier.Number}'." : $"an alias of service number '{earlier.Number}'."));
                _byNumber[number] = entry;
            }
        }
    }

    /// <summary>The region national forms are read in ("FI").</summary>
    public string Region { get; }

    public IReadOnlyList<ServiceNumberEntry> Entries { get; }

    /// <summary>The first candidate that is a service number or an alias, and its flow; null when none is.</summary>
    public ServiceNumberMatch? Find(IEnumerable<DialledNumber> candidates)
    {
        foreach (var candidate in candidates)
        {
            if (ServiceNumber.TryParse(candidate.Text, Region, out var number) && _byNumber.TryGetValue(number!, out var entry))
                return new ServiceNumberMatch(entry.Number, entry.Flow, number!, candidate);
        }
        return null;
    }
}

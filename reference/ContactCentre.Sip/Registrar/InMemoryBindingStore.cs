namespace ContactCentre.Sip;

/// <summary>Bindings that last as long as the process: the default, and enough for tests and the simulator.</summary>
public sealed class InMemoryBindingStore : IBindingStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, IReadOnlyList<RegisteredContact>> _bindings = new(StringComparer.Ordinal);

    public IReadOnlyList<RegisteredContact> Get(string addressOfRecord)
    {
        lock (_gate)
        {
            return _bindings.TryGetValue(addressOfRecord, out var bindings) ? bindings : [];
        }
    }

    public void Put(string addressOfRecord, IReadOnlyList<RegisteredContact> bindings)
    {
        lock (_gate)
        {
            if (bindings.Count == 0)
            {
                _bindings.Remove(addressOfRecord);
            }
            else
            {
                _bindings[addressOfRecord] = [.. bindings];
            }
        }
    }
}

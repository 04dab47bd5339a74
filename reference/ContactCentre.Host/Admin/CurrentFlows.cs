using System.Collections;
using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using ContactCentre.Domain.Flows;

namespace ContactCentre.Host.Admin;

/// <summary>
/// The flows new calls are answered with, by name. A save swaps in the new version at once; a call already in its
/// flow keeps the flow it started with, since it holds that <see cref="Flow"/> itself.
/// </summary>
public sealed class CurrentFlows : IReadOnlyDictionary<string, Flow>
{
    private ImmutableDictionary<string, Flow> _flows = ImmutableDictionary.Create<string, Flow>(StringComparer.Ordinal);

    public void Serve(Flow flow) => ImmutableInterlocked.Update(ref _flows, (flows, f) => flows.SetItem(f.Name, f), flow);

    public Flow this[string key] => _flows[key];
    public IEnumerable<string> Keys => _flows.Keys;
    public IEnumerable<Flow> Values => _flows.Values;
    public int Count => _flows.Count;
    public bool ContainsKey(string key) => _flows.ContainsKey(key);
    public bool TryGetValue(string key, [MaybeNullWhen(false)] out Flow value) => _flows.TryGetValue(key, out value);
    public IEnumerator<KeyValuePair<string, Flow>> GetEnumerator() => ((IEnumerable<KeyValuePair<string, Flow>>)_flows).GetEnumerator();
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}

namespace ContactCentre.Sip.Fuzz;

/// <summary>
/// A small in-process mutator over a seed corpus, for running the harness without AFL or libFuzzer:
/// byte flips, SIP-significant byte insertions, deletions, duplications, truncations and splices.
/// Seeded, so a failing input is reproducible from its iteration number.
/// </summary>
public sealed class InputMutator(IReadOnlyList<byte[]> corpus, int seed)
{
    /// <summary>Bytes that change how a SIP message is read: line ends, separators, quotes, escapes.</summary>
    private static readonly byte[] Significant = "\r\n:;,\"<>\\% \t=@?/0\u007f"u8.ToArray();

    /// <summary>Cap on a mutated input, a little over the parser's limit so the limit itself is exercised.</summary>
    private const int MaxLength = SipParser.MaxMessageSize + 1024;

    private readonly Random _random = new(seed);

    public byte[] Next()
    {
        var data = new List<byte>(corpus[_random.Next(corpus.Count)]);
        var rounds = 1 + _random.Next(4);
        for (var i = 0; i < rounds; i++)
        {
            Mutate(data);
        }
        return data.Count > MaxLength ? data.GetRange(0, MaxLength).ToArray() : data.ToArray();
    }

    private void Mutate(List<byte> data)
    {
        if (data.Count == 0)
        {
            data.Add(Significant[_random.Next(Significant.Length)]);
            return;
        }
        var at = _random.Next(data.Count);
        switch (_random.Next(7))
        {
            case 0:
                data[at] ^= (byte)(1 << _random.Next(8));
                break;
            case 1:
                data[at] = Significant[_random.Next(Significant.Length)];
                break;
            case 2:
                data.Insert(at, Significant[_random.Next(Significant.Length)]);
                break;
            case 3:
                data.RemoveRange(at, Math.Min(data.Count - at, 1 + _random.Next(16)));
                break;
            case 4:
                var length = Math.Min(data.Count - at, 1 + _random.Next(64));
                data.InsertRange(_random.Next(data.Count), data.GetRange(at, length));
                break;
            case 5:
                data.RemoveRange(at, data.Count - at);
                break;
            default:
                var other = corpus[_random.Next(corpus.Count)];
                var from = _random.Next(other.Length);
                data.RemoveRange(at, data.Count - at);
                data.AddRange(other.AsSpan(from).ToArray());
                break;
        }
    }
}

using System.Diagnostics;
using CsCheck;
using ContactCentre.Sip.Fuzz;

namespace ContactCentre.Sip.Tests;

/// <summary>Damaged input never throws out of the parser: it is refused with a named fault, in bounded time.</summary>
[Trait("Category", "Unit")]
public sealed class MutationProperties
{
    private static readonly IReadOnlyList<byte[]> Seeds = TortureCorpus.Load();

    private static readonly Gen<byte[]> Seed = Gen.Int[0, Seeds.Count - 1].Select(i => Seeds[i]);

    [Fact]
    public void A_truncated_message_is_parsed_or_refused_never_thrown() =>
        Gen.Select(Seed, Gen.Double[0, 1]).Sample((seed, fraction) =>
        {
            var cut = seed.AsSpan(0, (int)(seed.Length * fraction));
            AssertParsedOrRefused(cut);
        }, iter: 2000);

    [Fact]
    public void A_message_with_random_bytes_overwritten_is_parsed_or_refused_never_thrown() =>
        Gen.Select(Seed, Gen.Select(Gen.Int[0, 4095], Gen.Byte).Array[1, 8]).Sample((seed, edits) =>
        {
            var bytes = seed.ToArray();
            foreach (var (at, value) in edits)
            {
                bytes[at % bytes.Length] = value;
            }
            AssertParsedOrRefused(bytes);
        }, iter: 2000);

    [Fact]
    public void Random_bytes_are_parsed_or_refused_never_thrown() =>
        Gen.Byte.Array[0, 2000].Sample(bytes => AssertParsedOrRefused(bytes), iter: 2000);

    [Fact]
    public void A_flood_of_folded_lines_up_to_the_size_limit_is_read_in_linear_time()
    {
        var text = "OPTIONS sip:a@example.com SIP/2.0\r\nX-Folded: a" + string.Concat(Enumerable.Repeat("\r\n b", 20_000)) + "\r\n\r\n";
        var clock = Stopwatch.StartNew();

        SipParser.TryParse(System.Text.Encoding.ASCII.GetBytes(text), out _, out _);

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), $"took {clock.Elapsed}");
    }

    private static void AssertParsedOrRefused(ReadOnlySpan<byte> input)
    {
        var clock = Stopwatch.StartNew();
        var ok = SipParser.TryParse(input, out var message, out var error);
        Assert.True(ok ? message is not null && error is null : message is null && !string.IsNullOrEmpty(error));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), $"one input took {clock.Elapsed}");
    }
}

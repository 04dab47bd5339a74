using System.Diagnostics;
using ContactCentre.Sip.Fuzz;

namespace ContactCentre.Sip.Tests;

/// <summary>
/// The SharpFuzz harness run in-process over mutations of the torture corpus: a short, seeded version of what
/// tests/ContactCentre.Sip.Fuzz runs for hours under AFL (see its README).
/// </summary>
[Trait("Category", "Conformance")]
public sealed class ParserFuzzSpec
{
    [Fact]
    public void Twenty_thousand_mutated_torture_messages_never_throw_out_of_parser_or_validator()
    {
        var mutator = new InputMutator(TortureCorpus.Load(), seed: 4475);
        var clock = Stopwatch.StartNew();
        var parsed = 0;

        for (var n = 0; n < 20_000 && clock.Elapsed < TimeSpan.FromSeconds(20); n++)
        {
            var input = mutator.Next();
            var ok = Record.Exception(() => parsed += ParserHarness.Run(input) ? 1 : 0);
            Assert.True(ok is null, $"input {n} threw {ok}: {Convert.ToBase64String(input)}");
        }

        // Mutations are mostly small, so a good share still parses and the validator sees real requests.
        Assert.InRange(parsed, 1000, 20_000);
    }

    [Fact]
    public void The_unmutated_corpus_parses_except_the_messages_the_rfc_makes_unparsable()
    {
        var refused = TortureCorpus.Load().Count(bytes => !ParserHarness.Run(bytes));

        // clerr, ncl (Content-Length), lwsruri, lwsstart, trws, badvers (request line), bigcode (status code).
        Assert.Equal(7, refused);
    }
}

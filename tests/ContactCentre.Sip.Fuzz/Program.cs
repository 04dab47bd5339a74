using System.Diagnostics;
using System.Globalization;
using ContactCentre.Sip.Fuzz;
using SharpFuzz;

// Modes: no arguments = AFL (run under afl-fuzz); --libfuzzer = libFuzzer driver;
// --iterations N [--seed S] [--corpus DIR] = the in-process mutator over the torture corpus.
if (args.Length > 0 && args[0] == "--libfuzzer")
{
    Fuzzer.LibFuzzer.Run(span => ParserHarness.Run(span));
    return 0;
}
if (args.Length == 0)
{
    Fuzzer.OutOfProcess.Run(stream =>
    {
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        ParserHarness.Run(buffer.ToArray());
    });
    return 0;
}
var iterations = 100_000;
var seed = Environment.TickCount;
var corpusDirectory = TortureCorpus.FindDirectory();
for (var i = 0; i + 1 < args.Length; i += 2)
{
    switch (args[i])
    {
        case "--iterations": iterations = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
        case "--seed": seed = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
        case "--corpus": corpusDirectory = args[i + 1]; break;
        default:
            Console.Error.WriteLine($"Unknown option {args[i]}");
            return 2;
    }
}
var corpus = Directory.GetFiles(corpusDirectory, "*.dat").Select(File.ReadAllBytes).ToList();
if (corpus.Count == 0)
{
    Console.Error.WriteLine($"No *.dat seeds in {corpusDirectory}");
    return 2;
}
var mutator = new InputMutator(corpus, seed);
var parsed = 0;
var clock = Stopwatch.StartNew();
for (var n = 0; n < iterations; n++)
{
    var input = mutator.Next();
    try
    {
        parsed += ParserHarness.Run(input) ? 1 : 0;
    }
    catch (Exception e)
    {
        var path = Path.GetFullPath($"crash-seed{seed}-n{n}.bin");
        File.WriteAllBytes(path, input);
        Console.Error.WriteLine($"Iteration {n} (seed {seed}) threw {e.GetType().Name}: {e.Message}; input saved to {path}");
        return 1;
    }
}
Console.WriteLine($"{iterations} inputs from {corpus.Count} seeds (seed {seed}) in {clock.Elapsed.TotalSeconds:F1}s: {parsed} parsed, none threw");
return 0;

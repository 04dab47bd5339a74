using System.Collections.Specialized;
using System.Globalization;
using Gherkin;
using Gherkin.Ast;
using Reqnroll;
using DataTable = Gherkin.Ast.DataTable;

namespace ContactCentre.Features.Bridge;

/// <summary>
/// Turns a Gherkin document into runnable scenarios: Background steps prepended (feature, then rule),
/// Scenario Outlines expanded per Examples row, scenarios inside Rule blocks included, tags inherited.
/// </summary>
public static class FeatureCompiler
{
    public static CompiledFeature Compile(string featurePath, string gherkinText)
    {
        ArgumentNullException.ThrowIfNull(featurePath);
        ArgumentNullException.ThrowIfNull(gherkinText);

        GherkinDocument document;
        try
        {
            document = new Parser().Parse(new StringReader(gherkinText));
        }
        catch (ParserException e)
        {
            throw new InvalidOperationException($"{featurePath} is not valid Gherkin: {e.Message}", e);
        }

        var feature = document.Feature
            ?? throw new InvalidOperationException($"{featurePath} has no Feature.");

        var featureInfo = new FeatureInfo(
            LanguageOf(feature.Language),
            Path.GetDirectoryName(featurePath)?.Replace('\\', '/') ?? string.Empty,
            feature.Name,
            feature.Description?.Trim() ?? string.Empty,
            ProgrammingLanguage.CSharp,
            TagNames(feature.Tags));

        var scenarios = new List<CompiledScenario>();
        var featureBackground = BackgroundSteps(feature.Children);
        foreach (var child in feature.Children)
        {
            switch (child)
            {
                case Scenario scenario:
                    scenarios.AddRange(Expand(featurePath, scenario, featureBackground, featureInfo.Tags, rule: null));
                    break;
                case Rule rule:
                    var ruleInfo = new RuleInfo(rule.Name, rule.Description?.Trim() ?? string.Empty, TagNames(rule.Tags));
                    var ruleBackground = featureBackground.Concat(BackgroundSteps(rule.Children)).ToList();
                    var inherited = featureInfo.Tags.Concat(ruleInfo.Tags).ToArray();
                    foreach (var ruleScenario in rule.Children.OfType<Scenario>())
                    {
                        scenarios.AddRange(Expand(featurePath, ruleScenario, ruleBackground, inherited, ruleInfo));
                    }

                    break;
            }
        }

        var duplicate = scenarios.GroupBy(s => s.Case.DisplayName).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new InvalidOperationException(
                $"{featurePath} has {duplicate.Count()} scenarios named '{duplicate.Key}'; " +
                "each scenario needs its own name to be its own test.");
        }

        return new CompiledFeature(featurePath, featureInfo, scenarios);
    }

    private static IEnumerable<CompiledScenario> Expand(
        string featurePath,
        Scenario scenario,
        IReadOnlyList<Step> background,
        string[] inheritedTags,
        RuleInfo? rule)
    {
        var steps = background.Concat(scenario.Steps).ToList();
        var description = scenario.Description?.Trim() ?? string.Empty;
        var examplesBlocks = scenario.Examples.ToList();
        if (examplesBlocks.Count == 0)
        {
            var scenarioCase = new ScenarioCase(featurePath, scenario.Name, 0, scenario.Name);
            var info = new ScenarioInfo(scenario.Name, description, TagNames(scenario.Tags), new OrderedDictionary(), inheritedTags, null);
            yield return new CompiledScenario(scenarioCase, info, rule, Resolve(steps, new Dictionary<string, string>()));
            yield break;
        }

        var row = 0;
        foreach (var examples in examplesBlocks)
        {
            var header = examples.TableHeader?.Cells.Select(c => c.Value).ToList() ?? [];
            var tags = TagNames(scenario.Tags.Concat(examples.Tags));
            foreach (var body in examples.TableBody ?? [])
            {
                row++;
                var values = header.Zip(body.Cells.Select(c => c.Value), (column, value) => (First: column, Second: value)).ToList();
                var name = $"{scenario.Name} [row {row}: {string.Join(", ", values.Select(v => $"{v.First}={v.Second}"))}]";
                var arguments = new OrderedDictionary();
                foreach (var (column, value) in values)
                {
                    arguments[column] = value;
                }

                var placeholders = values.ToDictionary(v => v.First, v => v.Second, StringComparer.Ordinal);
                var scenarioCase = new ScenarioCase(featurePath, scenario.Name, row, name);
                var info = new ScenarioInfo(name, description, tags, arguments, inheritedTags, null);
                yield return new CompiledScenario(scenarioCase, info, rule, Resolve(steps, placeholders));
            }
        }
    }

    private static List<CompiledStep> Resolve(IEnumerable<Step> steps, IReadOnlyDictionary<string, string> placeholders)
    {
        var compiled = new List<CompiledStep>();
        var block = StepBlock.Given;
        foreach (var step in steps)
        {
            // And, But and '*' continue the block of the step before them.
            block = step.KeywordType switch
            {
                StepKeywordType.Context => StepBlock.Given,
                StepKeywordType.Action => StepBlock.When,
                StepKeywordType.Outcome => StepBlock.Then,
                _ => block,
            };

            var docString = step.Argument is DocString doc ? Substitute(doc.Content, placeholders) : null;
            var tableRows = step.Argument is DataTable table
                ? table.Rows.Select(r => (IReadOnlyList<string>)r.Cells.Select(c => Substitute(c.Value, placeholders)).ToList()).ToList()
                : null;
            compiled.Add(new CompiledStep(block, step.Keyword, Substitute(step.Text, placeholders), docString, tableRows, step.Location.Line));
        }

        return compiled;
    }

    private static string Substitute(string text, IReadOnlyDictionary<string, string> placeholders)
    {
        foreach (var (name, value) in placeholders)
        {
            text = text.Replace($"<{name}>", value, StringComparison.Ordinal);
        }

        return text;
    }

    private static List<Step> BackgroundSteps(IEnumerable<IHasLocation> children) =>
        children.OfType<Background>().SelectMany(b => b.Steps).ToList();

    private static string[] TagNames(IEnumerable<Tag> tags) =>
        tags.Select(t => t.Name.TrimStart('@')).Distinct(StringComparer.Ordinal).ToArray();

    private static CultureInfo LanguageOf(string? language)
    {
        try
        {
            return CultureInfo.GetCultureInfo(string.IsNullOrEmpty(language) ? "en" : language);
        }
        catch (CultureNotFoundException)
        {
            // With invariant globalisation only the invariant culture exists; keywords are parsed already.
            return CultureInfo.InvariantCulture;
        }
    }
}

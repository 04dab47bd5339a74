namespace ContactCentre.Features.Bridge.Tests;

[Trait("Category", "Unit")]
public sealed class FeatureCompilerTests
{
    private const string Calculator = "Bridge/Tests/Samples/Calculator.feature";

    [Fact]
    public void A_scenario_outline_becomes_one_case_per_examples_row_across_examples_blocks()
    {
        var outlineRows = ScenarioCase.AllIn(Calculator).Where(c => c.ScenarioName == "Adding two numbers").ToList();

        Assert.Equal(
            [
                "Adding two numbers [row 1: a=1, b=2, sum=3]",
                "Adding two numbers [row 2: a=20, b=22, sum=42]",
                "Adding two numbers [row 3: a=-1, b=-2, sum=-3]",
            ],
            outlineRows.Select(c => c.DisplayName));
        Assert.Equal([1, 2, 3], outlineRows.Select(c => c.ExampleRow));
    }

    [Fact]
    public void Outline_values_are_substituted_in_step_text_doc_strings_and_tables()
    {
        var row = FeatureCatalog.Load(Calculator).Find("Adding two numbers [row 2: a=20, b=22, sum=42]");

        Assert.Contains(row.Steps, s => s.Text == "I have entered 22 into the calculator");
        Assert.Contains(row.Steps, s => s.DocString == "20 + 22 = 42");
        var entries = Assert.Single(row.Steps, s => s.TableRows is not null);
        Assert.Equal(["number", "20", "22"], entries.TableRows!.Select(r => r[0]));
        Assert.Equal("20", row.Info.Arguments["a"]);
    }

    [Fact]
    public void Scenarios_inside_a_rule_are_found_with_feature_and_rule_background_steps_first()
    {
        var halving = FeatureCatalog.Load(Calculator).Find("Halving");

        Assert.Equal("Division takes the first entry as the dividend", halving.Rule?.Title);
        Assert.Equal(
            ["the calculator is switched on", "I have entered 8 into the calculator", "I have entered 2 into the calculator"],
            halving.Steps.Take(3).Select(s => s.Text));
    }

    [Fact]
    public void And_and_but_continue_the_block_of_the_step_before_them()
    {
        var halving = FeatureCatalog.Load(Calculator).Find("Halving");

        Assert.Equal(
            [StepBlock.Given, StepBlock.Given, StepBlock.Given, StepBlock.When, StepBlock.When, StepBlock.Then],
            halving.Steps.Select(s => s.Block));
        Assert.Equal("But ", halving.Steps[4].Keyword);
    }

    [Fact]
    public void Scenario_tags_include_examples_tags_and_inherit_feature_and_rule_tags()
    {
        var feature = FeatureCatalog.Load(Calculator);
        var negativeRow = feature.Find("Adding two numbers [row 3: a=-1, b=-2, sum=-3]");
        var halving = feature.Find("Halving");

        Assert.Equal(["bridge-sample", "calculator"], feature.Info.Tags);
        Assert.Equal(["outline", "negative"], negativeRow.Info.Tags);
        Assert.Equal(["halving"], halving.Info.Tags);
        Assert.Equal(["halving", "bridge-sample", "calculator", "division"], halving.Info.CombinedTags);
    }

    [Fact]
    public void Every_scenario_of_a_feature_shares_one_feature_info()
    {
        var feature = FeatureCatalog.Load(Calculator);

        Assert.Same(feature, FeatureCatalog.Load("Bridge\\Tests\\Samples\\Calculator.feature"));
        Assert.Equal("Bridge/Tests/Samples", feature.Info.FolderPath);
    }

    [Fact]
    public void Two_scenarios_with_the_same_name_are_refused_because_each_must_be_its_own_test()
    {
        const string gherkin = """
            Feature: Twins
              Scenario: Same
                Given a step
              Scenario: Same
                Given a step
            """;

        var error = Assert.Throws<InvalidOperationException>(() => FeatureCompiler.Compile("Twins.feature", gherkin));
        Assert.Contains("2 scenarios named 'Same'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_gherkin_names_the_file()
    {
        var error = Assert.Throws<InvalidOperationException>(
            () => FeatureCompiler.Compile("Broken.feature", "Given a step before any feature\nFeature: Broken\n"));
        Assert.StartsWith("Broken.feature is not valid Gherkin", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_feature_file_says_where_it_was_looked_for()
    {
        var error = Assert.Throws<FileNotFoundException>(() => ScenarioCase.AllIn("Nowhere/Missing.feature"));
        Assert.Contains("Nowhere/Missing.feature", error.Message, StringComparison.Ordinal);
    }
}

using ContactCentre.Domain.Configuration;

namespace ContactCentre.Domain.Tests;

[Trait("Category", "Unit")]
public sealed class PhoneBookTests
{
    private static readonly PhoneBook Book = new([
        new("Partner support", "+358409876543"), new("Field service", "+358401112222"), new("billing office", "0201230000")]);

    [Fact]
    public void Entries_are_listed_by_name_and_found_by_name_in_any_case()
    {
        Assert.Equal(["billing office", "Field service", "Partner support"], Book.Entries.Select(e => e.Name));
        Assert.Equal("+358409876543", Book.Find("partner SUPPORT ")!.Number);
        Assert.Null(Book.Find("Partner"));
    }

    [Theory]
    [InlineData("serv", new[] { "Field service" })]
    [InlineData("SUPP", new[] { "Partner support" })]
    [InlineData("0987", new[] { "Partner support" })]
    [InlineData("+35840", new[] { "Field service", "Partner support" })]
    [InlineData("", new[] { "billing office", "Field service" })]
    [InlineData("nobody", new string[0])]
    public void Search_finds_names_containing_the_text_or_numbers_containing_its_digits(string text, string[] names) =>
        Assert.Equal(names, Book.Search(text, max: 2).Select(e => e.Name));

    [Fact]
    public void The_demo_has_a_phone_book_and_bad_entries_are_refused_naming_them()
    {
        Assert.Equal("+358409876543", DemoFlow.Configuration.PhoneBook.Find("Partner support")!.Number);

        var badNumber = DemoFlow.Json.Replace("\"+358401112222\"", "\"040-111\"", StringComparison.Ordinal);
        Assert.Equal("PhoneBook entry 'Field service': field 'number' '040-111' is not a phone number (digits, optionally a leading +).",
            Assert.Throws<ConfigurationException>(() => ConfigurationReader.Parse(badNumber)).Message);
        var twice = DemoFlow.Json.Replace("\"Field service\"", "\"partner SUPPORT\"", StringComparison.Ordinal);
        Assert.Equal("PhoneBook: the name 'partner SUPPORT' is used twice (names are compared without case).",
            Assert.Throws<ConfigurationException>(() => ConfigurationReader.Parse(twice)).Message);
    }
}

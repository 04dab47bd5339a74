using ContactCentre.Domain.ServiceNumbers;

namespace ContactCentre.Domain.Tests;

[Trait("Category", "Unit")]
public sealed class ServiceNumberTests
{
    [Theory]
    [InlineData("0201234567")]
    [InlineData("+358201234567")]
    [InlineData("358201234567")]
    [InlineData("00358201234567")]
    [InlineData("020 123 4567")]
    public void National_and_international_forms_normalise_to_one_E164_number(string dialled)
    {
        Assert.True(ServiceNumber.TryNormalise(dialled, "358", out var number));
        Assert.Equal("+358201234567", number!.E164);
    }

    [Theory]
    [InlineData("")]
    [InlineData("agent1")]
    [InlineData("12+34")]
    [InlineData("+1234567890123456789")]
    public void Text_that_is_not_a_number_is_refused(string dialled) =>
        Assert.False(ServiceNumber.TryNormalise(dialled, "358", out _));
}

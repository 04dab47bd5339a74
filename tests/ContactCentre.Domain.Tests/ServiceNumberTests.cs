using ContactCentre.Domain.ServiceNumbers;

namespace ContactCentre.Domain.Tests;

[Trait("Category", "Unit")]
public sealed class ServiceNumberTests
{
    [Theory]
    [InlineData("0201234567")]
    [InlineData("020 1234567")]
    [InlineData("020-123 4567")]
    [InlineData("+358 20 1234567")]
    [InlineData("+358201234567")]
    [InlineData("00358201234567")]
    [InlineData("tel:+358201234567")]
    [InlineData("tel:+358-20-1234567;phone-context=+358")]
    [InlineData("sip:0201234567@cc.example.com")]
    [InlineData("sip:+358201234567@cc.example.com:5060;user=phone")]
    [InlineData("<sips:%2B358201234567@cc.example.com>")]
    public void National_international_and_URI_forms_read_as_one_E164_number(string dialled)
    {
        Assert.True(ServiceNumber.TryParse(dialled, "FI", out var number));
        Assert.Equal("+358201234567", number!.E164);
    }

    [Fact]
    public void A_national_form_is_read_in_the_configured_region()
    {
        Assert.True(ServiceNumber.TryParse("08-123 456 78", "SE", out var stockholm));
        Assert.Equal("+46812345678", stockholm!.E164);
        Assert.True(ServiceNumber.TryParse("09 4242 4242", "FI", out var helsinki));
        Assert.Equal("+358942424242", helsinki!.E164);
    }

    [Theory]
    [InlineData("")]
    [InlineData("agent1")]
    [InlineData("sip:cc.example.com")]
    [InlineData("020")]
    [InlineData("+1234567890123456789")]
    [InlineData("+358 000 000")]
    public void Text_that_is_not_a_valid_number_is_refused(string dialled) =>
        Assert.False(ServiceNumber.TryParse(dialled, "FI", out _));

    [Theory]
    [InlineData("358", "FI")]
    [InlineData("+46", "SE")]
    [InlineData("1", "US")]
    [InlineData("999", null)]
    [InlineData("abc", null)]
    public void A_country_calling_code_names_its_main_region(string code, string? region) =>
        Assert.Equal(region, ServiceNumber.RegionOf(code));

    [Fact]
    public void A_refused_call_names_every_number_tried_and_where_it_came_from()
    {
        Assert.Equal("Request-URI 'sip:0209999999@cc', To 'sip:0209999999@cc'",
            DialledNumber.Describe([new("sip:0209999999@cc", "Request-URI"), new("sip:0209999999@cc", "To")]));
        Assert.Equal("no number at all", DialledNumber.Describe([]));
    }
}

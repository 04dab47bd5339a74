using ContactCentre.Domain.Configuration;
using ContactCentre.Domain.ServiceNumbers;

namespace ContactCentre.Domain.Tests;

/// <summary>Which flow a call reaches, from the numbers it carries in the order the host tries them.</summary>
[Trait("Category", "Unit")]
public sealed class ServiceNumberDirectoryTests
{
    private static readonly ServiceNumberDirectory Directory = new(
    [
        new(Number("+358201234567"), "Demo", [Number("+358942424242")]),
        new(Number("+358201111111"), "Sales", []),
    ], "FI");

    [Fact]
    public void The_service_number_in_the_Request_URI_reaches_its_flow()
    {
        var match = Directory.Find([new("sip:0201234567@cc", "Request-URI")]);
        Assert.Equal(("+358201234567", "Demo", false), (match!.Number.E164, match.Flow, match.ByAlias));
    }

    [Fact]
    public void An_alias_reaches_the_flow_of_its_service_number_and_the_match_says_which_alias()
    {
        var match = Directory.Find([new("sip:+358942424242@cc", "Request-URI")]);
        Assert.Equal(("+358201234567", "Demo", "+358942424242", true), (match!.Number.E164, match.Flow, match.Dialled.E164, match.ByAlias));
    }

    [Fact]
    public void The_first_candidate_that_is_ours_wins_even_when_a_later_one_is_another_service_number()
    {
        var match = Directory.Find(
        [
            new("sip:0201111111@cc", "Request-URI"),
            new("sip:0201234567@cc", "To"),
        ]);
        Assert.Equal(("Sales", "Request-URI"), (match!.Flow, match.MatchedBy.Source));
    }

    [Fact]
    public void Unknown_and_unreadable_candidates_are_passed_over_for_a_To_header()
    {
        var match = Directory.Find(
        [
            new("sip:0209999999@cc", "Request-URI"),
            new("sip:agent1@cc", "Request-URI"),
            new("<tel:+358201111111>", "To"),
        ]);
        Assert.Equal(("Sales", "To"), (match!.Flow, match.MatchedBy.Source));
    }

    [Fact]
    public void A_diverted_call_reaches_the_flow_of_the_number_that_diverted_it()
    {
        var match = Directory.Find(
        [
            new("sip:+358509999999@carrier", "Request-URI"),
            new("sip:+358509999999@carrier", "To"),
            new("sip:0201234567@carrier;user=phone", "Diversion"),
        ]);
        Assert.Equal(("Demo", "Diversion"), (match!.Flow, match.MatchedBy.Source));
    }

    [Fact]
    public void A_retargeted_call_reaches_the_flow_of_a_History_Info_entry()
    {
        var match = Directory.Find(
        [
            new("sip:+358509999999@carrier", "Request-URI"),
            new("sip:+358509999999@carrier", "History-Info index=1.1"),
            new("sip:+358942424242@carrier?Reason=SIP%3Bcause%3D302", "History-Info index=1"),
        ]);
        Assert.Equal(("Demo", "History-Info index=1", true), (match!.Flow, match.MatchedBy.Source, match.ByAlias));
    }

    [Fact]
    public void A_call_carrying_no_number_of_ours_matches_nothing()
    {
        Assert.Null(Directory.Find([new("sip:0209999999@cc", "Request-URI"), new("sip:0209999999@cc", "To"), new("tel:+46812345678", "Diversion")]));
        Assert.Null(Directory.Find([]));
    }

    [Fact]
    public void A_number_listed_twice_is_refused_naming_both_entries()
    {
        var e = Assert.Throws<ConfigurationException>(() => new ServiceNumberDirectory(
        [
            new(Number("+358201234567"), "Demo", [Number("+358942424242")]),
            new(Number("+358201111111"), "Sales", [Number("+358942424242")]),
        ], "FI"));
        Assert.Equal("Service number '+358201111111': alias +358942424242 is already an alias of service number '+358201234567'.", e.Message);
    }

    private static ServiceNumber Number(string e164) => new(e164);
}
